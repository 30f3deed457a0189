package dev.nestbox.application.health;

import dev.nestbox.application.port.in.HealingReport;
import dev.nestbox.application.port.in.ReportMachineHealingUseCase;
import dev.nestbox.application.port.out.Clock;
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
 * Running hostings whose machine is not running, looked up when asked. For processes that do not heal (the admin
 * console): they count no restarts or failures, which only the server's {@link MachineHealer} makes, and say
 * instead which machines are down right now.
 */
public final class MachineSurvey implements ReportMachineHealingUseCase {
    private final Hostings hostings;
    private final Hypervisor hypervisor;
    private final Clock clock;

    public MachineSurvey(Hostings hostings, Hypervisor hypervisor, Clock clock) {
        this.hostings = hostings;
        this.hypervisor = hypervisor;
        this.clock = clock;
    }

    @Override
    public HealingReport report() {
        List<String> down = new ArrayList<>();
        for (Hosting hosting : hostings.inStatus(Set.of(HostingStatus.RUNNING))) {
            Hypervisor.MachineState state = hypervisor.state(hosting.site());
            if (state != Hypervisor.MachineState.RUNNING) {
                down.add(hosting.site() + " (" + state.name().toLowerCase(Locale.ROOT) + ")");
            }
        }
        Optional<String> event = down.isEmpty() ? Optional.empty()
                : Optional.of("running hostings without a running machine now: " + String.join(", ", down));
        return new HealingReport(0, 0, event, Optional.of(clock.now()));
    }
}
