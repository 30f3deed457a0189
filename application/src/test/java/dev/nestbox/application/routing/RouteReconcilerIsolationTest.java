package dev.nestbox.application.routing;

import dev.nestbox.application.fakes.Host;
import dev.nestbox.application.port.out.Hypervisor.Machine;
import dev.nestbox.application.port.out.ReverseProxy.Route;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.HostingStatus;
import dev.nestbox.domain.hosting.ProvisioningStep;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The reconciler's second duty: a running guest keeps its network isolation whatever removed it. */
class RouteReconcilerIsolationTest {
    private final Host host = new Host();
    private final RouteReconciler reconciler = new RouteReconciler(host.hostings, host.hypervisor, host.proxy,
            host.locks, host.clock, Duration.ofSeconds(60));

    @AfterEach
    void close() {
        reconciler.close();
    }

    private Hosting runningWithMachine(long id, String site, HostingStatus status) {
        Hosting hosting = host.store(id, site, status, ProvisioningStep.DONE);
        host.proxy.plant(new Route(hosting.site(), hosting.address(), hosting.sshPort()));
        Machine machine = new Machine(hosting.site(), hosting.address(), 128, "ssh-ed25519 AAAAC3Nza test");
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
        assertThat(host.hypervisor.isolate(alice.site(), alice.address())).as("already back").isFalse();

        reconciler.reconcileNow();
        assertThat(reconciler.fixes()).as("a second pass finds it isolated").isEqualTo(1);
    }

    @Test
    void only_running_hostings_are_checked() {
        Hosting deleting = runningWithMachine(2, "leaving", HostingStatus.DELETING);
        host.hypervisor.dropIsolation(deleting.site());

        reconciler.reconcileNow();

        assertThat(host.hypervisor.isolate(deleting.site(), deleting.address()))
                .as("a deleting hosting's machine is the teardown's business").isTrue();
    }
}
