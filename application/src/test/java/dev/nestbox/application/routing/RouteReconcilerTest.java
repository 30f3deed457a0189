package dev.nestbox.application.routing;

import dev.nestbox.domain.plan.Plan;
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
import java.util.List;
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
    void a_pass_never_waits_for_a_site_it_does_not_change() {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Hosting busy = host.store(1, "busy", HostingStatus.PROVISIONING, ProvisioningStep.CONFIGURE_GUEST);
        host.proxy.plant(routeOf(busy));
        host.proxy.plant(new Route(SiteName.of("handmade"), Ipv4Address.parse("10.88.0.99"), 2999));
        Thread step = new Thread(() -> host.locks.holding(busy.site(), () -> {
            held.countDown();
            await(release);
        }));
        step.start();
        await(held);
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(5), reconciler::reconcileNow, "the pass waited for the step");
            assertThat(host.proxy.routes()).containsOnlyKeys(busy.site());
            assertThat(reconciler.fixes()).isEqualTo(1);
        } finally {
            release.countDown();
        }
    }

    @Test
    void a_route_a_teardown_withdrew_during_the_pass_is_not_resurrected() {
        Hosting alice = host.store(1, "alice", HostingStatus.RUNNING, ProvisioningStep.DONE);
        host.proxy.plant(routeOf(alice));
        AtomicBoolean once = new AtomicBoolean();
        // The pass has read alice as running; she is deleted before its stale snapshot reaches the proxy.
        host.proxy.beforeReconcile(() -> {
            if (once.compareAndSet(false, true)) {
                host.teardown.tearDown(alice);
            }
        });

        reconciler.reconcileNow();

        assertThat(host.nothingLeftOf(alice.site())).as("no route, machine or row of alice").isTrue();
        List<String> proxyCalls = host.log.startingWith("proxy.");
        assertThat(proxyCalls).containsExactly("proxy.reconcile 1", "proxy.withdraw alice", "proxy.withdraw alice");
    }

    @Test
    void a_route_a_worker_published_during_the_pass_is_not_removed() {
        Hosting earlier = host.store(1, "earlier", HostingStatus.RUNNING, ProvisioningStep.DONE);
        host.proxy.plant(routeOf(earlier));
        AtomicBoolean once = new AtomicBoolean();
        // bob's hosting is recorded and his route published by a step after the pass read the hostings.
        host.proxy.beforeReconcile(() -> {
            if (once.compareAndSet(false, true)) {
                Hosting bob = host.store(2, "bob", HostingStatus.PROVISIONING, ProvisioningStep.PUBLISH_ROUTES);
                host.locks.holding(bob.site(), () -> host.proxy.publish(routeOf(bob)));
            }
        });

        reconciler.reconcileNow();

        Hosting bob = host.hostings.bySite(SiteName.of("bob")).orElseThrow();
        assertThat(host.proxy.routes()).containsOnlyKeys(earlier.site(), bob.site());
        assertThat(host.proxy.routes().get(bob.site())).isEqualTo(routeOf(bob));
        assertThat(host.log.startingWith("proxy.")).containsExactly(
                "proxy.reconcile 1", "proxy.publish bob", "proxy.publish bob");
    }

    @Test
    void a_site_that_changed_during_the_pass_is_settled_under_its_lock_after_its_step() throws InterruptedException {
        Hosting alice = host.store(1, "alice", HostingStatus.RUNNING, ProvisioningStep.DONE);
        host.proxy.plant(routeOf(alice));
        CountDownLatch insideTeardown = new CountDownLatch(1);
        CountDownLatch finishTeardown = new CountDownLatch(1);
        AtomicBoolean teardownDone = new AtomicBoolean();
        Thread teardown = new Thread(() -> host.locks.holding(alice.site(), () -> {
            host.hostings.remove(alice.id());
            insideTeardown.countDown();
            await(finishTeardown);
            host.proxy.withdraw(alice.site());
            teardownDone.set(true);
        }));
        // The pass reads alice as running; the teardown starts while the pass applies its snapshot.
        host.proxy.beforeReconcile(() -> {
            if (teardown.getState() == Thread.State.NEW) {
                teardown.start();
                await(insideTeardown);
            }
        });
        AtomicBoolean settledAfterTeardown = new AtomicBoolean();
        host.proxy.on("withdraw", site -> {
            if (Thread.currentThread() != teardown) {
                settledAfterTeardown.set(teardownDone.get());
            }
        });
        Thread pass = new Thread(reconciler::reconcileNow);
        pass.start();
        eventually(() -> pass.getState() == Thread.State.WAITING || !pass.isAlive(), "the pass waits or ends");
        assertThat(pass.isAlive()).as("the pass waits for alice's lock to settle her route").isTrue();

        finishTeardown.countDown();
        teardown.join(5_000);
        pass.join(5_000);

        assertThat(pass.isAlive()).isFalse();
        assertThat(settledAfterTeardown).as("the pass settled alice after her teardown").isTrue();
        assertThat(host.proxy.routes()).doesNotContainKey(alice.site());
    }

    @Test
    void start_returns_and_the_first_pass_runs_while_a_step_holds_its_site() throws InterruptedException {
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
            eventually(() -> host.proxy.reconciliations() == 1, "the first pass ran while the step held its site");
        } finally {
            release.countDown();
            step.join();
        }
    }

    private Hosting runningWithMachine(long id, String site, HostingStatus status) {
        Hosting hosting = host.store(id, site, status, ProvisioningStep.DONE);
        host.proxy.plant(routeOf(hosting));
        Machine machine = new Machine(hosting.id(), hosting.site(), hosting.address(), new Plan("micro", "micro", 128, 1, 1024), "ssh-ed25519 AAAAC3Nza test");
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
