package dev.nestbox.application.health;

import dev.nestbox.domain.plan.Plan;
import dev.nestbox.application.fakes.EventLog;
import dev.nestbox.application.fakes.FakeClock;
import dev.nestbox.application.fakes.FakeGuests;
import dev.nestbox.application.fakes.InMemoryHealingJournal;
import dev.nestbox.application.fakes.InMemoryHostings;
import dev.nestbox.application.port.in.HealingReport;
import dev.nestbox.application.port.out.DependencyFailure;
import dev.nestbox.application.port.out.HealingJournal;
import dev.nestbox.application.port.out.Hypervisor;
import dev.nestbox.application.port.out.Telemetry;
import dev.nestbox.application.service.SiteLocks;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.HostingStatus;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.ProvisioningStep;
import dev.nestbox.domain.hosting.SiteName;
import dev.nestbox.domain.hosting.Transition;
import dev.nestbox.domain.user.UserId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.nestbox.application.fakes.Host.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/** Running hostings against their machines: stopped ones start again, lost ones fail, outages change nothing. */
class MachineHealerTest {
    private static final Duration BACKOFF = Duration.ofSeconds(30);
    private final EventLog log = new EventLog();
    private final FakeClock clock = new FakeClock();
    private final InMemoryHostings hostings = new InMemoryHostings(log);
    private final Machines machines = new Machines();
    private final SiteLocks locks = new SiteLocks();
    private final InMemoryHealingJournal journal = new InMemoryHealingJournal();
    private final MachineHealer healer = new MachineHealer(hostings, machines, new FakeGuests(log, clock), locks,
            clock, new HealingSettings(Duration.ofSeconds(30), 3, BACKOFF), Telemetry.NONE, journal);

    @AfterEach
    void close() {
        healer.close();
    }

    private Hosting running(long n, String site) {
        return hostings.insert(new Hosting(new HostingId(n), new UserId(n), SiteName.of(site),
                Ipv4Address.parse("10.88.0.2").plus((int) n), 20000 + (int) n, new Plan("micro", "micro", 256, 1, 1024), "ssh-ed25519 AAAAtenant",
                HostingStatus.RUNNING, ProvisioningStep.DONE, Optional.empty(), clock.now(), clock.now(),
                Optional.of(clock.now())));
    }

    private Hosting stored(Hosting hosting) {
        return hostings.byId(hosting.id()).orElseThrow();
    }

    @Test
    void a_stopped_machine_is_started_again_with_the_hostings_own_machine_and_the_hosting_stays_running() {
        Hosting alice = running(1, "alice");
        Hosting bob = running(2, "bob");
        machines.set(alice.site(), Hypervisor.MachineState.STOPPED);
        machines.set(bob.site(), Hypervisor.MachineState.RUNNING);

        healer.healNow();

        assertThat(machines.started).containsExactly(new Hypervisor.Machine(alice.id(), alice.site(), alice.address(), new Plan("micro", "micro", 256, 1, 1024),
                FakeGuests.PROVISIONING_KEY));
        assertThat(machines.state(alice.site())).isEqualTo(Hypervisor.MachineState.RUNNING);
        assertThat(stored(alice).status()).isEqualTo(HostingStatus.RUNNING);
        assertThat(stored(bob)).isEqualTo(bob);
        HealingReport report = healer.report();
        assertThat(report.restarted()).isEqualTo(1);
        assertThat(report.failed()).isZero();
        assertThat(report.lastEvent()).hasValueSatisfying(event -> assertThat(event).contains("alice", "started"));
        assertThat(report.checkedAt()).contains(clock.now());
    }

    @Test
    void a_paused_machine_is_left_alone_while_a_backup_could_be_copying_its_disk_and_resumed_after_the_grace() {
        Hosting alice = running(1, "alice");
        machines.set(alice.site(), Hypervisor.MachineState.PAUSED);

        healer.healNow();
        clock.advance(HealingSettings.PAUSE_GRACE.minusSeconds(1));
        healer.healNow();

        assertThat(machines.started).isEmpty();
        assertThat(stored(alice)).isEqualTo(alice);

        clock.advance(Duration.ofSeconds(1));
        healer.healNow();

        assertThat(machines.started).hasSize(1);
        assertThat(machines.state(alice.site())).isEqualTo(Hypervisor.MachineState.RUNNING);
        assertThat(healer.report().restarted()).isEqualTo(1);
    }

    @Test
    void a_pause_that_ends_restarts_the_grace() {
        Hosting alice = running(1, "alice");
        machines.set(alice.site(), Hypervisor.MachineState.PAUSED);
        healer.healNow();
        clock.advance(HealingSettings.PAUSE_GRACE.minusSeconds(10));
        machines.set(alice.site(), Hypervisor.MachineState.RUNNING);
        healer.healNow();
        machines.set(alice.site(), Hypervisor.MachineState.PAUSED);
        clock.advance(Duration.ofSeconds(20));

        healer.healNow();

        assertThat(machines.started).isEmpty();
    }

    @Test
    void an_absent_machine_fails_its_hosting_with_a_reason_its_owner_can_act_on() {
        Hosting alice = running(1, "alice");

        healer.healNow();

        Hosting failed = stored(alice);
        assertThat(failed.status()).isEqualTo(HostingStatus.FAILED);
        assertThat(failed.failureReason()).hasValueSatisfying(reason ->
                assertThat(reason).contains("machine is gone", "delete the site and create it again"));
        assertThat(machines.started).isEmpty();
        assertThat(healer.report().failed()).isEqualTo(1);
        assertThat(healer.report().restarted()).isZero();
        assertThat(healer.report().lastEvent()).hasValueSatisfying(event -> assertThat(event).contains("alice failed"));
    }

    @Test
    void the_consoles_survey_counts_what_the_servers_healer_recorded_and_names_the_machines_down_now() {
        Hosting alice = running(1, "alice");
        Hosting bob = running(2, "bob");
        machines.set(alice.site(), Hypervisor.MachineState.STOPPED);
        healer.healNow();
        Hosting carol = running(3, "carol");
        machines.set(carol.site(), Hypervisor.MachineState.STOPPED);
        MachineSurvey survey = new MachineSurvey(hostings, machines, journal, clock);

        HealingReport report = survey.report();

        assertThat(stored(bob).status()).isEqualTo(HostingStatus.FAILED);
        assertThat(report.restarted()).isEqualTo(1);
        assertThat(report.failed()).isEqualTo(1);
        assertThat(report.lastEvent()).hasValueSatisfying(event -> assertThat(event)
                .contains("without a running machine now: carol (stopped)", "bob failed: its machine is gone"));
        assertThat(journal.totals().latest()).hasValueSatisfying(e -> {
            assertThat(e.site()).isEqualTo(bob.site());
            assertThat(e.outcome()).isEqualTo(HealingJournal.Outcome.FAILED);
        });
    }

    @Test
    void a_hypervisor_that_does_not_answer_changes_nothing_and_the_next_pass_heals() {
        Hosting alice = running(1, "alice");
        machines.set(alice.site(), Hypervisor.MachineState.STOPPED);
        machines.down = true;

        healer.healNow();

        assertThat(stored(alice)).isEqualTo(alice);
        assertThat(machines.started).isEmpty();
        assertThat(healer.report()).isEqualTo(new HealingReport(0, 0, Optional.empty(), Optional.empty()));

        machines.down = false;
        healer.healNow();

        assertThat(machines.started).hasSize(1);
        assertThat(healer.report().restarted()).isEqualTo(1);
    }

    @Test
    void a_machine_that_will_not_start_is_retried_after_a_doubling_wait_then_its_hosting_fails() {
        Hosting alice = running(1, "alice");
        machines.set(alice.site(), Hypervisor.MachineState.STOPPED);
        machines.startFailures.set(100);

        healer.healNow();
        assertThat(machines.startCalls).hasValue(1);
        healer.healNow();
        clock.advance(BACKOFF.minusSeconds(1));
        healer.healNow();
        assertThat(machines.startCalls).as("no attempt before the backoff is over").hasValue(1);
        clock.advance(Duration.ofSeconds(1));
        healer.healNow();
        assertThat(machines.startCalls).hasValue(2);
        assertThat(stored(alice).status()).isEqualTo(HostingStatus.RUNNING);
        clock.advance(BACKOFF);
        healer.healNow();
        assertThat(machines.startCalls).as("the second wait is twice the first").hasValue(2);
        clock.advance(BACKOFF);
        healer.healNow();

        assertThat(machines.startCalls).hasValue(3);
        Hosting failed = stored(alice);
        assertThat(failed.status()).isEqualTo(HostingStatus.FAILED);
        assertThat(failed.failureReason()).hasValueSatisfying(reason ->
                assertThat(reason).contains("did not start again after 3 attempts", "qemu: cannot allocate memory"));
        assertThat(healer.report().failed()).isEqualTo(1);
        assertThat(healer.report().restarted()).isZero();
    }

    @Test
    void a_start_that_fails_because_the_hypervisor_went_down_is_no_attempt() {
        Hosting alice = running(1, "alice");
        machines.set(alice.site(), Hypervisor.MachineState.STOPPED);
        machines.downWhenStarting = true;

        for (int pass = 0; pass < 5; pass++) {
            healer.healNow();
            machines.down = false;
            clock.advance(Duration.ofHours(1));
        }

        assertThat(machines.startCalls).hasValue(5);
        assertThat(stored(alice).status()).isEqualTo(HostingStatus.RUNNING);
        assertThat(healer.report().failed()).isZero();
    }

    @Test
    void a_machine_seen_running_again_forgets_its_failed_attempts() {
        Hosting alice = running(1, "alice");
        machines.set(alice.site(), Hypervisor.MachineState.STOPPED);
        machines.startFailures.set(2);
        healer.healNow();
        clock.advance(BACKOFF);
        healer.healNow();
        clock.advance(BACKOFF.multipliedBy(2));
        healer.healNow();
        assertThat(machines.state(alice.site())).isEqualTo(Hypervisor.MachineState.RUNNING);

        machines.set(alice.site(), Hypervisor.MachineState.STOPPED);
        machines.startFailures.set(2);
        healer.healNow();
        clock.advance(BACKOFF);
        healer.healNow();

        assertThat(stored(alice).status()).as("two failures after a recovery are not a third")
                .isEqualTo(HostingStatus.RUNNING);
        assertThat(healer.report().restarted()).isEqualTo(1);
    }

    @Test
    void a_hosting_deleted_while_the_pass_waited_for_its_site_is_left_alone() throws Exception {
        Hosting alice = running(1, "alice");
        CountDownLatch deletionHoldsTheSite = new CountDownLatch(1);
        CountDownLatch deleted = new CountDownLatch(1);
        Thread deletion = new Thread(() -> locks.holding(alice.site(), () -> {
            deletionHoldsTheSite.countDown();
            try {
                assertThat(deleted.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Transition marked = stored(alice).markDeleting(clock.now());
            hostings.replace(((Transition.Applied) marked).hosting(), HostingStatus.RUNNING);
        }));
        deletion.start();
        assertThat(deletionHoldsTheSite.await(10, TimeUnit.SECONDS)).isTrue();
        Thread pass = new Thread(healer::healNow);
        pass.start();
        eventually(() -> pass.getState() == Thread.State.WAITING || pass.getState() == Thread.State.TIMED_WAITING,
                "the pass listed alice as running and waits for her site");
        deleted.countDown();
        pass.join(10_000);
        deletion.join(10_000);

        assertThat(stored(alice).status()).isEqualTo(HostingStatus.DELETING);
        assertThat(machines.stateCalls).hasValue(0);
        assertThat(machines.started).isEmpty();
        assertThat(healer.report().failed()).isZero();
    }

    @Test
    void the_scheduled_passes_run_on_their_own_until_closed() {
        Hosting alice = running(1, "alice");
        machines.set(alice.site(), Hypervisor.MachineState.STOPPED);

        healer.start();
        eventually(() -> healer.report().restarted() == 1, "the first pass runs at start");
        healer.close();

        assertThat(machines.started).hasSize(1);
    }

    /** Machines as a map of states; a machine never set is absent. */
    private static final class Machines implements Hypervisor {
        final Map<SiteName, MachineState> states = new ConcurrentHashMap<>();
        final List<Machine> started = new ArrayList<>();
        final AtomicInteger startCalls = new AtomicInteger();
        final AtomicInteger stateCalls = new AtomicInteger();
        final AtomicInteger startFailures = new AtomicInteger();
        volatile boolean down;
        volatile boolean downWhenStarting;

        void set(SiteName site, MachineState state) {
            states.put(site, state);
        }

        private void answer() {
            if (down) {
                throw new DependencyFailure("hypervisor", "libvirt: connection refused");
            }
        }

        @Override
        public void prepare() {
            answer();
        }

        @Override
        public boolean canBoot(String image) {
            return true;
        }

        @Override
        public void createDisk(Machine machine) {
            answer();
        }

        @Override
        public synchronized void start(Machine machine) {
            startCalls.incrementAndGet();
            if (downWhenStarting) {
                down = true;
            }
            answer();
            if (startFailures.getAndUpdate(n -> Math.max(n - 1, 0)) > 0) {
                throw new DependencyFailure("hypervisor", "qemu: cannot allocate memory");
            }
            started.add(machine);
            states.put(machine.site(), MachineState.RUNNING);
        }

        @Override
        public MachineState state(SiteName site) {
            stateCalls.incrementAndGet();
            answer();
            return states.getOrDefault(site, MachineState.ABSENT);
        }

        @Override
        public Set<SiteName> isolate(Map<SiteName, Ipv4Address> addresses) {
            return Set.of();
        }

        @Override
        public void destroy(HostingId hosting, SiteName site) {
            answer();
            states.remove(site);
        }

        @Override
        public List<SiteName> machines() {
            answer();
            return List.copyOf(states.keySet());
        }

        @Override
        public List<Resource> resources() {
            answer();
            return List.of();
        }

        @Override
        public List<Resource> resources(SiteName site) {
            answer();
            return List.of();
        }
    }
}
