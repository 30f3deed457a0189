package dev.nestbox.application.health;

import dev.nestbox.application.port.in.HealingReport;
import dev.nestbox.application.port.in.ReportMachineHealingUseCase;
import dev.nestbox.application.port.out.Clock;
import dev.nestbox.application.port.out.GuestProvisioner;
import dev.nestbox.application.port.out.HealingJournal;
import dev.nestbox.application.port.out.Hostings;
import dev.nestbox.application.port.out.Hypervisor;
import dev.nestbox.application.port.out.Telemetry;
import dev.nestbox.application.service.PeriodicPass;
import dev.nestbox.application.service.SiteLocks;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.HostingStatus;
import dev.nestbox.domain.hosting.Transition;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps "running" true: compares every RUNNING hosting with its machine at start and then every period. A machine
 * found stopped (qemu killed, host out of memory) is started again, with a bounded number of attempts and a
 * doubling wait after each failed one; a machine that is gone, or that will not start, fails its hosting with the
 * reason, so its owner sees the truth instead of a "running" site that answers nothing.
 *
 * <p>Each hosting is checked under its site's lock, after re-reading it: a deletion holds the same lock, so a
 * hosting deleted meanwhile is left alone. A hypervisor that does not answer changes nothing: the pass stops and
 * the next one tries again. The failed hosting's routes go at the route reconciler's next pass (it routes live
 * hostings only), and its machine and disk at the worker's next start, as for every failed hosting.
 */
public final class MachineHealer implements ReportMachineHealingUseCase, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MachineHealer.class);

    private final Hostings hostings;
    private final Hypervisor hypervisor;
    private final GuestProvisioner guests;
    private final SiteLocks locks;
    private final Clock clock;
    private final HealingSettings settings;
    private final Telemetry telemetry;
    private final HealingJournal journal;
    /** Failed start attempts of stopped machines, by hosting; forgotten once the machine is seen running. */
    private final Map<HostingId, Attempts> attempts = new ConcurrentHashMap<>();
    /** When each running hosting's machine was first seen paused; forgotten once it is seen in any other state. */
    private final Map<HostingId, Instant> pausedSince = new ConcurrentHashMap<>();
    private final AtomicLong restarted = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile Optional<String> lastEvent = Optional.empty();
    private volatile Optional<Instant> checkedAt = Optional.empty();
    private final PeriodicPass passes;

    /** {@code journal} keeps each restart and failure for other processes (the console) to report. */
    public MachineHealer(Hostings hostings, Hypervisor hypervisor, GuestProvisioner guests, SiteLocks locks,
                         Clock clock, HealingSettings settings, Telemetry telemetry, HealingJournal journal) {
        this.telemetry = telemetry;
        this.journal = journal;
        this.hostings = hostings;
        this.hypervisor = hypervisor;
        this.guests = guests;
        this.locks = locks;
        this.clock = clock;
        this.settings = settings;
        this.passes = new PeriodicPass("machine-healer", settings.period(), this::healNow);
    }

    /** Returns at once; a first pass runs now on the healer's thread, then one every period. */
    public void start() {
        passes.start();
    }

    /** One pass. Never throws: a failing store or hypervisor is logged, and the next pass tries again. */
    public void healNow() {
        List<Hosting> running;
        try {
            running = hostings.inStatus(Set.of(HostingStatus.RUNNING));
        } catch (RuntimeException e) {
            LOG.warn("could not list the running hostings; checking their machines again in {}", settings.period(), e);
            return;
        }
        Set<HostingId> ids = running.stream().map(Hosting::id).collect(Collectors.toSet());
        attempts.keySet().retainAll(ids);
        pausedSince.keySet().retainAll(ids);
        Map<Hypervisor.MachineState, Integer> seen = new EnumMap<>(Hypervisor.MachineState.class);
        for (Hypervisor.MachineState state : Hypervisor.MachineState.values()) {
            seen.put(state, 0);
        }
        for (Hosting hosting : running) {
            try {
                heal(hosting, seen);
            } catch (RuntimeException e) {
                // Most likely the hypervisor itself is down: asking about every other machine would fail alike.
                LOG.warn("could not check the machine of {}; checking again in {}",
                        hosting.site(), settings.period(), e);
                return;
            }
        }
        checkedAt = Optional.of(clock.now());
        telemetry.machinesSeen(seen);
    }

    @Override
    public HealingReport report() {
        return new HealingReport(restarted.get(), failed.get(), lastEvent, checkedAt);
    }

    private void heal(Hosting listed, Map<Hypervisor.MachineState, Integer> seen) {
        locks.holding(listed.machine(), () -> {
            Optional<Hosting> current = hostings.byId(listed.id())
                    .filter(h -> h.status() == HostingStatus.RUNNING && h.site().equals(listed.site()));
            if (current.isEmpty()) {
                attempts.remove(listed.id());
                return;
            }
            Hosting hosting = current.get();
            Hypervisor.MachineState state = hypervisor.state(hosting.machine());
            seen.merge(state, 1, Integer::sum);
            if (state != Hypervisor.MachineState.PAUSED) {
                pausedSince.remove(hosting.id());
            }
            switch (state) {
                case RUNNING -> attempts.remove(hosting.id());
                case STOPPED -> restart(hosting);
                case PAUSED -> resumeIfPausedLong(hosting);
                case ABSENT -> lose(hosting, "its machine is gone from the hypervisor (removed outside Nestbox?); "
                        + "delete the site and create it again");
            }
        });
    }

    /** Resumes (through a start) a machine seen paused for {@link HealingSettings#PAUSE_GRACE} or longer. */
    private void resumeIfPausedLong(Hosting hosting) {
        Instant since = pausedSince.computeIfAbsent(hosting.id(), id -> clock.now());
        if (Duration.between(since, clock.now()).compareTo(HealingSettings.PAUSE_GRACE) >= 0) {
            LOG.warn("the machine of {} has been paused since {}; resuming it", hosting.site(), since);
            pausedSince.remove(hosting.id());
            restart(hosting);
        }
    }

    private void restart(Hosting hosting) {
        Instant now = clock.now();
        Attempts previous = attempts.get(hosting.id());
        if (previous != null && now.isBefore(previous.notBefore())) {
            return;
        }
        try {
            hypervisor.start(machine(hosting));
        } catch (RuntimeException e) {
            try {
                hypervisor.state(hosting.machine());
            } catch (RuntimeException down) {
                // The hypervisor itself stopped answering: that is no attempt of this machine's.
                down.addSuppressed(e);
                throw down;
            }
            int failures = previous == null ? 1 : previous.failures() + 1;
            if (failures >= settings.maxRestarts()) {
                attempts.remove(hosting.id());
                lose(hosting, "its machine stopped and did not start again after " + failures
                        + (failures == 1 ? " attempt: " : " attempts: ") + message(e));
                return;
            }
            Duration wait = settings.backoffAfter(failures);
            attempts.put(hosting.id(), new Attempts(failures, now.plus(wait)));
            LOG.warn("the machine of {} is stopped and did not start (attempt {} of {}); trying again in {}",
                    hosting.site(), failures, settings.maxRestarts(), wait, e);
            return;
        }
        attempts.remove(hosting.id());
        restarted.incrementAndGet();
        event(hosting, HealingJournal.Outcome.RESTARTED, hosting.site() + ": its machine had stopped; started it again");
    }

    private void lose(Hosting hosting, String reason) {
        Transition transition = hosting.loseMachine(reason, clock.now());
        if (transition instanceof Transition.Applied applied) {
            if (hostings.replace(applied.hosting(), HostingStatus.RUNNING)) {
                failed.incrementAndGet();
                event(hosting, HealingJournal.Outcome.FAILED, hosting.site() + " failed: " + reason);
            }
        } else if (transition instanceof Transition.Refused refused) {
            LOG.warn("hosting {}: {}", hosting.site(), refused);
        }
    }

    private void event(Hosting hosting, HealingJournal.Outcome outcome, String what) {
        lastEvent = Optional.of(what);
        LOG.warn("{}", what);
        try {
            journal.record(new HealingJournal.Event(hosting.id(), hosting.site(), outcome, what, clock.now()));
        } catch (RuntimeException e) {
            // The healing happened; only its record for the console is missing.
            LOG.warn("could not record the healing of {} in the journal", hosting.site(), e);
        }
    }

    private Hypervisor.Machine machine(Hosting hosting) {
        return Hypervisor.Machine.of(hosting, guests.provisioningPublicKey());
    }

    private static String message(RuntimeException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? "unexpected " + e.getClass().getSimpleName() : message;
    }

    /** Stops the periodic passes and waits (up to 5 s) for one in progress. */
    @Override
    public void close() {
        passes.close();
    }

    private record Attempts(int failures, Instant notBefore) {
    }
}
