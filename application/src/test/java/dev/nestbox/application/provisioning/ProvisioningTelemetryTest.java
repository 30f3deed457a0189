package dev.nestbox.application.provisioning;

import dev.nestbox.application.fakes.Host;
import dev.nestbox.application.fakes.InMemoryHealingJournal;
import dev.nestbox.application.fakes.RecordingTelemetry;
import dev.nestbox.application.health.Dependencies;
import dev.nestbox.application.health.HealingSettings;
import dev.nestbox.application.health.MachineHealer;
import dev.nestbox.application.port.out.GuestProvisioner.Readiness;
import dev.nestbox.application.routing.RouteReconciler;
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

import static dev.nestbox.application.fakes.Host.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/** What provisioning, reconciliation and healing report to monitoring, step by step and failure by failure. */
class ProvisioningTelemetryTest {
    private final Host host = new Host();
    private final RecordingTelemetry telemetry = new RecordingTelemetry();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private ProvisioningWorker worker(ProvisioningSettings settings) {
        ProvisioningWorker worker = new ProvisioningWorker(host.hostings, host.hypervisor, host.guests, host.proxy,
                host.clock, host.locks, host.teardown, settings, Dependencies.none(), telemetry);
        closing.add(worker);
        return worker;
    }

    /** Settled, and the worker done with it: what it reports after recording the hosting has been reported. */
    private Hosting settled(ProvisioningWorker worker, Hosting hosting) {
        eventually(() -> worker.inFlight() == 0, "the worker is idle");
        return settled(hosting);
    }

    private Hosting settled(Hosting hosting) {
        eventually(() -> host.hostings.byId(hosting.id())
                .map(h -> h.status() != HostingStatus.PROVISIONING && h.status() != HostingStatus.PENDING)
                .orElse(true), hosting.site() + " settles");
        return host.stored(hosting);
    }

    @Test
    void a_provisioning_reports_each_step_with_its_time_and_the_whole_from_the_request() {
        Hosting alice = host.store(1, "alice", HostingStatus.PENDING, ProvisioningStep.QUEUED);
        host.hypervisor.on("createDisk", site -> host.clock.advance(Duration.ofSeconds(3)));
        host.guests.on("configure", () -> host.clock.advance(Duration.ofSeconds(2)));

        ProvisioningWorker worker = worker(Host.settings(1, 10));
        worker.submit(alice);

        assertThat(settled(worker, alice).status()).isEqualTo(HostingStatus.RUNNING);
        assertThat(telemetry.events()).containsExactly(
                "step create_disk PT3S",
                "step start_vm PT0S",
                "step wait_ssh PT0S",
                "step configure_guest PT2S",
                "step wait_http PT0S",
                "provisioned PT5S",
                "step publish_routes PT0S");
    }

    @Test
    void a_guest_that_cannot_be_configured_is_a_guest_failure() {
        Hosting alice = host.store(1, "alice", HostingStatus.PENDING, ProvisioningStep.QUEUED);
        host.guests.on("configure", () -> {
            throw new IllegalStateException("cloud-init broke");
        });

        ProvisioningWorker worker = worker(Host.settings(1, 10));
        worker.submit(alice);

        assertThat(settled(worker, alice).status()).isEqualTo(HostingStatus.FAILED);
        assertThat(telemetry.events()).containsExactly("step create_disk PT0S", "step start_vm PT0S",
                "step wait_ssh PT0S", "failed GUEST");
    }

    @Test
    void a_hypervisor_that_refuses_to_start_the_machine_is_a_dependency_failure() {
        Hosting alice = host.store(1, "alice", HostingStatus.PENDING, ProvisioningStep.QUEUED);
        host.hypervisor.on("start", site -> {
            throw new IllegalStateException("no memory");
        });

        ProvisioningWorker worker = worker(Host.settings(1, 10));
        worker.submit(alice);

        assertThat(settled(worker, alice).status()).isEqualTo(HostingStatus.FAILED);
        assertThat(telemetry.events()).containsExactly("step create_disk PT0S", "failed DEPENDENCY");
    }

    @Test
    void a_guest_that_never_answers_is_a_deadline_failure() {
        Hosting alice = host.store(1, "alice", HostingStatus.PENDING, ProvisioningStep.QUEUED);
        host.guests.answer("ssh", address -> new Readiness.NotReady("connection refused"));

        ProvisioningWorker worker = worker(Host.settings(1, 10));
        worker.submit(alice);

        assertThat(settled(worker, alice).status()).isEqualTo(HostingStatus.FAILED);
        assertThat(telemetry.events()).containsExactly("step create_disk PT0S", "step start_vm PT0S",
                "failed DEADLINE");
    }

    @Test
    void a_full_queue_is_a_capacity_failure_and_the_gauges_show_the_queue_and_the_busy_worker() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        host.hypervisor.on("createDisk", site -> {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ProvisioningWorker worker = worker(Host.settings(1, 1));
        Hosting first = host.store(1, "first", HostingStatus.PENDING, ProvisioningStep.QUEUED);
        Hosting second = host.store(2, "second", HostingStatus.PENDING, ProvisioningStep.QUEUED);
        Hosting third = host.store(3, "third", HostingStatus.PENDING, ProvisioningStep.QUEUED);

        worker.submit(first);
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        worker.submit(second);
        worker.submit(third);

        assertThat(worker.busyWorkers()).isEqualTo(1);
        assertThat(worker.queued()).isEqualTo(1);
        assertThat(host.stored(third).status()).isEqualTo(HostingStatus.FAILED);
        assertThat(telemetry.events()).containsExactly("failed CAPACITY");
        release.countDown();
        settled(first);
        settled(second);
        eventually(() -> worker.queued() == 0 && worker.busyWorkers() == 0, "the worker is idle");
    }

    @Test
    void each_reconciliation_pass_reports_the_fixes_it_made() {
        Hosting alice = host.store(1, "alice", HostingStatus.RUNNING, ProvisioningStep.DONE);
        RouteReconciler reconciler = new RouteReconciler(host.hostings, host.hypervisor, host.proxy, host.locks,
                host.clock, Duration.ofMinutes(1), telemetry);

        reconciler.reconcileNow();
        reconciler.reconcileNow();

        assertThat(host.proxy.routes()).containsKey(alice.site());
        assertThat(telemetry.events()).containsExactly("reconciled 1", "reconciled 0");
    }

    @Test
    void a_healing_pass_reports_the_machines_of_running_hostings_by_state() {
        Hosting alice = host.store(1, "alice", HostingStatus.RUNNING, ProvisioningStep.DONE);
        host.store(2, "bob", HostingStatus.RUNNING, ProvisioningStep.DONE);
        host.hypervisor.addStray(alice.site());
        MachineHealer healer = new MachineHealer(host.hostings, host.hypervisor, host.guests, host.locks, host.clock,
                HealingSettings.defaults(), telemetry, new InMemoryHealingJournal());

        healer.healNow();

        // In the states' order: RUNNING, STOPPED, PAUSED, ABSENT.
        assertThat(telemetry.events()).containsExactly("machines {RUNNING=1, STOPPED=0, PAUSED=0, ABSENT=1}");
    }
}
