package dev.nestbox.application.service;

import dev.nestbox.domain.plan.Plan;
import dev.nestbox.application.fakes.Host;
import dev.nestbox.application.port.in.DeletionOutcome;
import dev.nestbox.application.port.out.DependencyFailure;
import dev.nestbox.application.port.out.Hypervisor;
import dev.nestbox.application.port.out.ReverseProxy;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.HostingStatus;
import dev.nestbox.domain.hosting.ProvisioningStep;
import dev.nestbox.domain.hosting.SiteName;
import dev.nestbox.domain.user.UserId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeleteHostingServiceTest {
    private final Host host = new Host();
    private final DeleteHostingService service = new DeleteHostingService(host.hostings, host.teardown);

    private Hosting runningSite(long n, String site) {
        Hosting hosting = host.store(n, site, HostingStatus.RUNNING, ProvisioningStep.DONE);
        Hypervisor.Machine machine = new Hypervisor.Machine(hosting.id(), hosting.site(), hosting.address(), new Plan("micro", "micro", 256, 1, 1024), "key");
        host.hypervisor.createDisk(machine);
        host.hypervisor.start(machine);
        host.guests.configure(hosting.site(), hosting.site(), hosting.address(), Host.TENANT_KEY);
        host.proxy.publish(new ReverseProxy.Route(hosting.site(), hosting.address(), hosting.sshPort()));
        host.log.clear();
        return hosting;
    }

    @Test
    void deleting_marks_the_hosting_then_removes_routes_machine_guest_and_row_in_that_order() {
        Hosting alice = runningSite(1, "alice");

        assertThat(service.delete(alice.owner().orElseThrow())).isEqualTo(new DeletionOutcome.Deleted());

        assertThat(host.log.events()).containsExactly(
                "hostings.replace alice deleting done",
                "proxy.withdraw alice",
                "hypervisor.destroy alice",
                "guests.forget alice",
                "hostings.remove alice");
        assertThat(host.nothingLeftOf(alice.site())).isTrue();
        assertThat(host.guests.configured()).isEmpty();
    }

    @Test
    void deleting_twice_finds_nothing_the_second_time() {
        Hosting alice = runningSite(1, "alice");

        service.delete(alice.owner().orElseThrow());

        assertThat(service.delete(alice.owner().orElseThrow())).isEqualTo(new DeletionOutcome.NotFound());
        assertThat(service.forceDelete(alice.site())).isEqualTo(new DeletionOutcome.NotFound());
    }

    @Test
    void deleting_without_a_hosting_is_not_found_and_touches_nothing() {
        runningSite(1, "alice");

        assertThat(service.delete(new UserId(2))).isEqualTo(new DeletionOutcome.NotFound());
        assertThat(service.forceDelete(SiteName.of("nobody"))).isEqualTo(new DeletionOutcome.NotFound());
        assertThat(host.log.events()).isEmpty();
    }

    @Test
    void an_administrator_deletes_any_hosting_by_its_site() {
        Hosting alice = runningSite(1, "alice");
        Hosting bob = runningSite(2, "bob");

        assertThat(service.forceDelete(bob.site())).isEqualTo(new DeletionOutcome.Deleted());

        assertThat(host.nothingLeftOf(bob.site())).isTrue();
        assertThat(host.stored(alice).status()).isEqualTo(HostingStatus.RUNNING);
        assertThat(host.proxy.routes()).containsOnlyKeys(alice.site());
    }

    @ParameterizedTest
    @EnumSource(HostingStatus.class)
    void a_hosting_in_any_state_can_be_deleted(HostingStatus status) {
        Hosting alice = host.store(1, "alice", status, ProvisioningStep.WAIT_SSH);

        assertThat(service.forceDelete(alice.site())).isEqualTo(new DeletionOutcome.Deleted());

        assertThat(host.nothingLeftOf(alice.site())).isTrue();
    }

    @Test
    void a_failing_hypervisor_leaves_the_hosting_deleting_and_the_next_delete_finishes_it() {
        Hosting alice = runningSite(1, "alice");
        AtomicBoolean broken = new AtomicBoolean(true);
        host.hypervisor.on("destroy", site -> {
            if (broken.get()) {
                throw new DependencyFailure("hypervisor", "libvirt is not answering");
            }
        });

        assertThatThrownBy(() -> service.delete(alice.owner().orElseThrow())).isInstanceOf(DependencyFailure.class);
        assertThat(host.stored(alice).status()).isEqualTo(HostingStatus.DELETING);
        assertThat(host.proxy.routes()).doesNotContainKey(alice.site());

        broken.set(false);
        assertThat(service.delete(alice.owner().orElseThrow())).isEqualTo(new DeletionOutcome.Deleted());
        assertThat(host.nothingLeftOf(alice.site())).isTrue();
    }

    @Test
    void deleting_removes_only_what_carries_the_hostings_id_and_leaves_an_earlier_tenants_leftover() {
        Hypervisor.Resource earlier = new Hypervisor.Resource(Hypervisor.Kind.DISK, "alice.9.qcow2",
                SiteName.of("alice"), Optional.of(new HostingId(9)));
        Hosting alice = runningSite(1, "alice");
        host.hypervisor.addLeftover(earlier);

        assertThat(service.delete(alice.owner().orElseThrow())).isEqualTo(new DeletionOutcome.Deleted());

        assertThat(host.hypervisor.running()).isEmpty();
        assertThat(host.hypervisor.resources(alice.site())).containsExactly(earlier);
    }

    @Test
    void a_hosting_removed_meanwhile_is_left_alone() {
        Hosting alice = runningSite(1, "alice");
        host.hostings.remove(alice.id());
        host.log.clear();

        host.teardown.tearDown(alice);

        assertThat(host.log.events()).isEmpty();
    }
}
