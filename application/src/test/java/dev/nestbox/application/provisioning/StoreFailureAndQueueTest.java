package dev.nestbox.application.provisioning;

import dev.nestbox.application.fakes.Host;
import dev.nestbox.application.port.out.DependencyFailure;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.HostingStatus;
import dev.nestbox.domain.hosting.ProvisioningStep;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.nestbox.application.fakes.Host.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/** One failed database call never strands a hosting; the queue's size is honoured; time queued is not counted. */
class StoreFailureAndQueueTest {
    private final Host host = new Host();
    private final List<ProvisioningWorker> workers = new ArrayList<>();

    @AfterEach
    void closeWorkers() {
        workers.forEach(ProvisioningWorker::close);
    }

    /** A sweeper that runs every few milliseconds, so a retry comes soon in real time. */
    private ProvisioningWorker sweepingWorker() {
        ProvisioningWorker worker = host.worker(Host.settings(2, 10).withSweepInterval(Duration.ofMillis(5)));
        workers.add(worker);
        return worker;
    }

    private ProvisioningWorker worker(ProvisioningSettings settings) {
        ProvisioningWorker worker = host.worker(settings);
        workers.add(worker);
        return worker;
    }

    /** Reads with all(), never byId(), so the test's polling does not take the store faults meant for the worker. */
    private Hosting settled(Hosting hosting) {
        eventually(() -> {
            Hosting now = current(hosting);
            return now.status() != HostingStatus.PROVISIONING && now.status() != HostingStatus.PENDING;
        }, hosting.site() + " settles");
        return current(hosting);
    }

    private Hosting current(Hosting hosting) {
        return host.hostings.all().stream().filter(h -> h.id().equals(hosting.id())).findFirst()
                .orElseThrow(() -> new AssertionError(hosting.site() + " is gone"));
    }

    @Test
    void a_store_read_that_fails_while_recording_a_failure_is_retried_and_never_destroys_the_machine() {
        // The machine fails to start once; recording that failure then meets a database blip. Without a retry
        // the hosting would stay provisioning for ever; with the old error path, a later retry of fail() would
        // have released the disk. Here the hosting is simply taken up again, and the second start works.
        AtomicInteger starts = new AtomicInteger();
        host.hypervisor.on("start", site -> {
            if (starts.incrementAndGet() == 1) {
                host.hostings.failNext("byId", 1);
                throw new DependencyFailure("hypervisor", "libvirt connection reset");
            }
        });
        Hosting alice = host.store(1, "alice", HostingStatus.PROVISIONING, ProvisioningStep.CREATE_DISK);

        sweepingWorker().start();
        Hosting running = settled(alice);

        assertThat(host.log.events()).contains("hostings.byId threw");
        assertThat(running.status()).isEqualTo(HostingStatus.RUNNING);
        assertThat(running.failureReason()).isEmpty();
        assertThat(starts.get()).isEqualTo(2);
        assertThat(host.log.startingWith("hypervisor.destroy")).isEmpty();
        assertThat(host.hypervisor.running()).containsKey(alice.site());
    }

    @Test
    void a_store_write_that_fails_after_a_step_keeps_the_healthy_machine_and_the_hosting_converges_to_running() {
        AtomicInteger starts = new AtomicInteger();
        host.hypervisor.on("start", site -> {
            if (starts.incrementAndGet() == 1) {
                // The machine starts, but recording the next step fails: the database went away.
                host.hostings.failNext("replace", 1);
            }
        });
        Hosting alice = host.store(1, "alice", HostingStatus.PROVISIONING, ProvisioningStep.CREATE_DISK);

        sweepingWorker().start();
        Hosting running = settled(alice);

        assertThat(host.log.events()).contains("hostings.replace threw");
        assertThat(running.status()).isEqualTo(HostingStatus.RUNNING);
        assertThat(host.log.startingWith("hypervisor.destroy")).isEmpty();
        assertThat(host.hypervisor.running()).containsKey(alice.site());
    }

    @Test
    void a_real_step_failure_whose_recording_first_fails_still_ends_failed_with_its_reason() {
        AtomicInteger starts = new AtomicInteger();
        host.hypervisor.on("start", site -> {
            if (starts.incrementAndGet() == 1) {
                host.hostings.failNext("byId", 1);
            }
            throw new DependencyFailure("hypervisor", "out of memory");
        });
        Hosting alice = host.store(1, "alice", HostingStatus.PROVISIONING, ProvisioningStep.CREATE_DISK);

        sweepingWorker().start();
        Hosting failed = settled(alice);

        assertThat(failed.status()).isEqualTo(HostingStatus.FAILED);
        assertThat(failed.failureReason()).hasValueSatisfying(r -> assertThat(r).contains("out of memory"));
        assertThat(host.hypervisor.disks()).isEmpty();
    }

    @Test
    void hostings_the_store_could_not_list_at_start_are_picked_up_by_the_sweeper() {
        host.hostings.failNext("inStatus", 3);
        Hosting alice = host.store(1, "alice", HostingStatus.PENDING, ProvisioningStep.QUEUED);

        sweepingWorker().start();

        assertThat(settled(alice).status()).isEqualTo(HostingStatus.RUNNING);
    }

    @Test
    void an_offer_beyond_the_queue_is_refused_and_leaves_the_hosting_as_it_was() {
        CountDownLatch release = new CountDownLatch(1);
        host.hypervisor.on("createDisk", site -> awaitQuietly(release));
        Hosting first = host.store(1, "first", HostingStatus.PROVISIONING, ProvisioningStep.CREATE_DISK);
        Hosting queued = host.store(2, "queued", HostingStatus.PROVISIONING, ProvisioningStep.CREATE_DISK);
        Hosting refused = host.store(3, "refused", HostingStatus.PROVISIONING, ProvisioningStep.CREATE_DISK);
        ProvisioningWorker worker = worker(Host.settings(1, 1));

        assertThat(worker.offer(first)).isTrue();
        eventually(() -> !host.log.startingWith("hypervisor.createDisk first").isEmpty(), "first is being worked on");
        assertThat(worker.offer(queued)).isTrue();
        assertThat(worker.offer(queued)).as("already queued counts as accepted").isTrue();
        assertThat(worker.offer(refused)).isFalse();

        assertThat(current(refused)).isEqualTo(refused);
        release.countDown();
        assertThat(settled(first).status()).isEqualTo(HostingStatus.RUNNING);
        assertThat(settled(queued).status()).isEqualTo(HostingStatus.RUNNING);
        assertThat(current(refused)).isEqualTo(refused);
    }

    @Test
    void time_spent_waiting_in_the_queue_does_not_count_toward_the_deadline() {
        // queued was requested first, then waited six minutes behind first: more than the 5 minute deadline.
        Hosting queued = host.store(2, "queued", HostingStatus.PROVISIONING, ProvisioningStep.CREATE_DISK);
        host.clock.advance(Duration.ofMinutes(4));
        CountDownLatch release = new CountDownLatch(1);
        host.hypervisor.on("createDisk", site -> {
            if (site.value().equals("first")) {
                awaitQuietly(release);
            }
        });
        Hosting first = host.store(1, "first", HostingStatus.PROVISIONING, ProvisioningStep.CREATE_DISK);
        ProvisioningWorker worker = worker(Host.settings(1, 10));

        worker.submit(first);
        eventually(() -> !host.log.startingWith("hypervisor.createDisk first").isEmpty(), "first is being worked on");
        worker.submit(queued);
        host.clock.advance(Duration.ofMinutes(2));
        release.countDown();

        assertThat(settled(first).status()).isEqualTo(HostingStatus.RUNNING);
        Hosting late = settled(queued);
        assertThat(late.failureReason()).isEmpty();
        assertThat(late.status()).isEqualTo(HostingStatus.RUNNING);
    }

    @Test
    void a_restart_after_a_long_downtime_with_200_waiting_hostings_provisions_every_one() {
        // 200 hostings left pending or half-way by the last run; the server was down for 40 minutes (far past the
        // 5 minute deadline), and the queue holds 100: the rest wait in the store for the sweeper.
        List<Hosting> waiting = new ArrayList<>();
        for (int n = 1; n <= 200; n++) {
            waiting.add(host.store(n, "site" + n, n % 2 == 0 ? HostingStatus.PENDING : HostingStatus.PROVISIONING,
                    n % 2 == 0 ? ProvisioningStep.QUEUED : ProvisioningStep.CREATE_DISK));
        }
        host.clock.advance(Duration.ofMinutes(40));

        worker(Host.settings(2, 100).withSweepInterval(Duration.ofMillis(5))).start();

        for (Hosting hosting : waiting) {
            Hosting settled = settled(hosting);
            assertThat(settled.failureReason()).as(hosting.site() + " has no failure").isEmpty();
            assertThat(settled.status()).isEqualTo(HostingStatus.RUNNING);
        }
        assertThat(host.hypervisor.running()).hasSize(200);
        assertThat(host.log.startingWith("hypervisor.destroy")).isEmpty();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("latch never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
