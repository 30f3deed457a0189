package dev.nestbox.application.routing;

import dev.nestbox.application.fakes.Host;
import dev.nestbox.application.port.in.OrphanReport;
import dev.nestbox.application.port.out.DependencyFailure;
import dev.nestbox.application.port.out.Hypervisor.Machine;
import dev.nestbox.application.port.out.ReverseProxy.Route;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.HostingStatus;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.ProvisioningStep;
import dev.nestbox.domain.hosting.SiteName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.nestbox.application.fakes.Host.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class RouteReconcilerTest {
    private final Host host = new Host();
    private final RouteReconciler reconciler = new RouteReconciler(host.hostings, host.hypervisor, host.proxy,
            host.locks, host.clock, Duration.ofSeconds(60));

    @AfterEach
    void close() {
        reconciler.close();
    }

    private static Route routeOf(Hosting hosting) {
        return new Route(hosting.site(), hosting.address(), hosting.sshPort());
    }

    @Test
    void desired_routes_are_those_of_live_hostings_and_fixes_are_counted() {
        Hosting running = host.store(1, "running", HostingStatus.RUNNING, ProvisioningStep.DONE);
        Hosting provisioning = host.store(2, "provisioning", HostingStatus.PROVISIONING, ProvisioningStep.WAIT_SSH);
        Hosting pending = host.store(3, "pending", HostingStatus.PENDING, ProvisioningStep.QUEUED);
        Hosting failed = host.store(4, "failed", HostingStatus.FAILED, ProvisioningStep.WAIT_SSH);
        Hosting deleting = host.store(5, "deleting", HostingStatus.DELETING, ProvisioningStep.DONE);
        host.proxy.plant(routeOf(running));
        host.proxy.plant(routeOf(failed));
        host.proxy.plant(new Route(SiteName.of("handmade"), Ipv4Address.parse("10.88.0.99"), 2999));

        reconciler.reconcileNow();

        assertThat(host.proxy.routes()).containsOnlyKeys(running.site(), provisioning.site(), pending.site());
        assertThat(host.proxy.routes()).doesNotContainKeys(failed.site(), deleting.site());
        // provisioning and pending written; failed and handmade removed; running already right.
        assertThat(reconciler.fixes()).isEqualTo(4);

        reconciler.reconcileNow();
        assertThat(reconciler.fixes()).as("a second pass finds nothing to fix").isEqualTo(4);

        host.proxy.plant(new Route(running.site(), running.address(), 1234));
        reconciler.reconcileNow();
        assertThat(host.proxy.routes().get(running.site())).isEqualTo(routeOf(running));
        assertThat(reconciler.fixes()).isEqualTo(5);
    }

    @Test
    void machines_no_hosting_owns_are_reported_and_left_alone() {
        Hosting alice = host.store(1, "alice", HostingStatus.RUNNING, ProvisioningStep.DONE);
        Hosting failed = host.store(2, "failed", HostingStatus.FAILED, ProvisioningStep.START_VM);
        host.hypervisor.addStray(alice.site());
        host.hypervisor.addStray(failed.site());
        host.hypervisor.addStray(SiteName.of("zombie"));
        host.hypervisor.addStray(SiteName.of("ghost"));

        assertThat(reconciler.report().checkedAt()).isEmpty();
        reconciler.reconcileNow();

        assertThat(reconciler.orphans()).containsExactly(SiteName.of("ghost"), SiteName.of("zombie"));
        assertThat(host.log.startingWith("hypervisor.destroy")).isEmpty();
        OrphanReport report = reconciler.report();
        assertThat(report.orphanMachines()).containsExactly(SiteName.of("ghost"), SiteName.of("zombie"));
        assertThat(report.checkedAt()).contains(host.clock.now());
        assertThat(report.routeFixes()).isEqualTo(1);

        host.hypervisor.destroy(new HostingId(99), SiteName.of("ghost"));
        reconciler.reconcileNow();
        assertThat(reconciler.orphans()).containsExactly(SiteName.of("zombie"));
    }

    @Test
    void a_failing_proxy_neither_throws_nor_hides_orphans() {
        host.proxy.failReconcileWith(new DependencyFailure("reverse proxy", "nginx is down"));
        host.hypervisor.addStray(SiteName.of("ghost"));

        reconciler.reconcileNow();

        assertThat(reconciler.orphans()).containsExactly(SiteName.of("ghost"));
        assertThat(reconciler.fixes()).isZero();
    }

    @Test
    void start_reconciles_at_once_and_then_every_period() {
        RouteReconciler quick = new RouteReconciler(host.hostings, host.hypervisor, host.proxy, host.locks, host.clock,
                Duration.ofMillis(5));
        try {
            quick.start();
            eventually(() -> host.proxy.reconciliations() >= 1, "a first pass ran at once");
            eventually(() -> host.proxy.reconciliations() >= 3, "two more periodic passes ran");
            assertThatThrownBy(quick::start).isInstanceOf(IllegalStateException.class);
        } finally {
            quick.close();
        }
        // close() waits for a pass in progress and ends the scheduler: nothing can run a pass any more.
        assertThat(quick.stopped()).isTrue();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(
                t -> t.getName().equals("nestbox-route-reconciler") && t.isAlive());
    }

    @Test
    void a_pass_waits_for_a_step_in_progress_so_its_snapshot_cannot_go_stale() throws InterruptedException {
        Hosting alice = host.store(1, "alice", HostingStatus.PROVISIONING, ProvisioningStep.PUBLISH_ROUTES);
        CountDownLatch insideStep = new CountDownLatch(1);
        CountDownLatch finishStep = new CountDownLatch(1);
        AtomicBoolean passRan = new AtomicBoolean();
        Thread teardown = new Thread(() -> host.locks.holding(alice.site(), () -> {
            insideStep.countDown();
            await(finishStep);
            // A teardown: the route goes, then the row.
            host.proxy.withdraw(alice.site());
            host.hostings.remove(alice.id());
        }));
        teardown.start();
        insideStep.await();
        Thread pass = new Thread(() -> {
            reconciler.reconcileNow();
            passRan.set(true);
        });
        pass.start();
        // Parked on the whole-host lock is the only way the pass can wait; had it not waited, it would end.
        eventually(() -> pass.getState() == Thread.State.WAITING || pass.getState() == Thread.State.TERMINATED,
                "the pass waits or ends");
        assertThat(pass.getState()).as("the pass waits for the site's lock").isEqualTo(Thread.State.WAITING);
        assertThat(passRan).isFalse();
        assertThat(host.proxy.reconciliations()).isZero();

        finishStep.countDown();
        teardown.join(5_000);
        pass.join(5_000);

        assertThat(passRan).isTrue();
        // Had the pass read the hostings before the teardown, it would have put alice's route back.
        assertThat(host.proxy.routes()).doesNotContainKey(alice.site());
    }

    @Test
    void start_returns_while_a_step_holds_its_site_and_the_first_pass_runs_after_it() throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread step = new Thread(() -> host.locks.holding(SiteName.of("busy"), () -> {
            held.countDown();
            await(release);
            return null;
        }));
        step.start();
        await(held);
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(5), reconciler::start, "start waited for the step");
            assertThat(host.proxy.reconciliations()).as("the pass waits for the step").isZero();
        } finally {
            release.countDown();
            step.join();
        }
        eventually(() -> host.proxy.reconciliations() == 1, "the first pass ran once the step ended");
    }

    private Hosting runningWithMachine(long id, String site, HostingStatus status) {
        Hosting hosting = host.store(id, site, status, ProvisioningStep.DONE);
        host.proxy.plant(routeOf(hosting));
        Machine machine = new Machine(hosting.id(), hosting.site(), hosting.address(), 128, "ssh-ed25519 AAAAC3Nza test");
        host.hypervisor.createDisk(machine);
        host.hypervisor.start(machine);
        return hosting;
    }

    @Test
    void a_running_guest_that_lost_its_isolation_gets_it_back_once_and_it_counts_as_a_fix() {
        Hosting alice = runningWithMachine(1, "alice", HostingStatus.RUNNING);
        reconciler.reconcileNow();
        assertThat(reconciler.fixes()).as("nothing to fix while isolated").isZero();

        host.hypervisor.dropIsolation(alice.site());
        reconciler.reconcileNow();
        assertThat(reconciler.fixes()).isEqualTo(1);
        assertThat(host.hypervisor.isolate(Map.of(alice.site(), alice.address()))).as("already back").isEmpty();

        reconciler.reconcileNow();
        assertThat(reconciler.fixes()).as("a second pass finds it isolated").isEqualTo(1);
    }

    @Test
    void only_running_hostings_have_their_isolation_checked() {
        Hosting deleting = runningWithMachine(2, "leaving", HostingStatus.DELETING);
        host.hypervisor.dropIsolation(deleting.site());

        reconciler.reconcileNow();

        assertThat(host.hypervisor.isolate(Map.of(deleting.site(), deleting.address())))
                .as("a deleting hosting's machine is the teardown's business").containsExactly(deleting.site());
    }

    @Test
    void the_period_must_be_positive() {
        assertThatThrownBy(() -> new RouteReconciler(host.hostings, host.hypervisor, host.proxy, host.locks, host.clock,
                Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
