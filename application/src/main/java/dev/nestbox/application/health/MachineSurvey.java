package dev.nestbox.application.health;

import dev.nestbox.application.port.in.HealingReport;
import dev.nestbox.application.port.in.ReportMachineHealingUseCase;
import dev.nestbox.application.port.out.Clock;
import dev.nestbox.application.port.out.HealingJournal;
import dev.nestbox.application.port.out.Hostings;
import dev.nestbox.application.port.out.Hypervisor;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.HostingStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * For processes that do not heal (the admin console): the restarts and failures the server's {@link MachineHealer}
 * recorded in the journal (all of them, not only since a start), and the running hostings whose machine is not
 * running right now, looked up when asked.
 */
public final class MachineSurvey implements ReportMachineHealingUseCase {
    private final Hostings hostings;
    private final Hypervisor hypervisor;
    private final HealingJournal journal;
    private final Clock clock;

    public MachineSurvey(Hostings hostings, Hypervisor hypervisor, HealingJournal journal, Clock clock) {
        this.hostings = hostings;
        this.hypervisor = hypervisor;
        this.journal = journal;
        this.clock = clock;
    }

    @Override
    public HealingReport report() {
        List<String> down = new ArrayList<>();
        for (Hosting hosting : hostings.inStatus(Set.of(HostingStatus.RUNNING))) {
            Hypervisor.MachineState state = hypervisor.state(hosting.machine());
            if (state != Hypervisor.MachineState.RUNNING) {
                down.add(hosting.site() + " (" + state.name().toLowerCase(Locale.ROOT) + ")");
            }
        }
        HealingJournal.Totals totals = journal.totals();
        List<String> words = new ArrayList<>();
        if (!down.isEmpty()) {
            words.add("running hostings without a running machine now: " + String.join(", ", down));
        }
        totals.latest().ifPresent(e -> words.add("last healed " + e.at() + ": " + e.description()));
        Optional<String> event = words.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", words));
        return new HealingReport(totals.restarted(), totals.failed(), event, Optional.of(clock.now()));
    }
}
