package dev.nestbox.application.service;

import dev.nestbox.domain.plan.Plan;
import dev.nestbox.application.fakes.Host;
import dev.nestbox.application.port.in.OrphanReport;
import dev.nestbox.application.port.in.OrphanReport.Orphan;
import dev.nestbox.application.port.out.Hypervisor;
import dev.nestbox.application.port.out.Hypervisor.Kind;
import dev.nestbox.application.port.out.ReverseProxy;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.HostingStatus;
import dev.nestbox.domain.hosting.ProvisioningStep;
import dev.nestbox.domain.hosting.SiteName;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class OrphanMachinesTest {
    private final Host host = new Host();
    private final OrphanMachines orphans = new OrphanMachines(host.hostings, host.hypervisor, host.proxy, host.clock);

    private static Hypervisor.Resource resource(Kind kind, String name, String site, Long hosting) {
        return new Hypervisor.Resource(kind, name, SiteName.of(site), Optional.ofNullable(hosting).map(HostingId::new));
    }

    @Test
    void what_carries_a_live_hostings_id_and_site_is_owned_and_everything_else_is_reported_by_name_and_id() {
        Hosting alice = host.store(1, "alice", HostingStatus.RUNNING, ProvisioningStep.DONE);
        Hypervisor.Machine machine = new Hypervisor.Machine(alice.id(), alice.site(), alice.address(), new Plan("micro", "micro", 256, 1, 1024), "key");
        host.hypervisor.createDisk(machine);
        host.hypervisor.start(machine);
        // An earlier tenant of the same name (hosting 9, deleted) left its disk and seed behind.
        host.hypervisor.addLeftover(resource(Kind.DISK, "alice.9.qcow2", "alice", 9L));
        host.hypervisor.addLeftover(resource(Kind.SEED, "alice.9-cidata.iso", "alice", 9L));
        // A live hosting's id on a thing named for another site is not that hosting's either.
        host.hypervisor.addLeftover(resource(Kind.MACHINE, "nestbox-bob", "bob", 1L));

        OrphanReport report = orphans.report();

        assertThat(report.orphans()).containsExactly(
                new Orphan("cloud-init seed", "alice.9-cidata.iso", SiteName.of("alice"), Optional.of(new HostingId(9))),
                new Orphan("disk", "alice.9.qcow2", SiteName.of("alice"), Optional.of(new HostingId(9))),
                new Orphan("machine", "nestbox-bob", SiteName.of("bob"), Optional.of(new HostingId(1))));
        assertThat(report.orphanMachines()).containsExactly(SiteName.of("alice"), SiteName.of("bob"));
        assertThat(report.checkedAt()).contains(host.clock.now());
        assertThat(report.orphans().get(1).describe()).isEqualTo("disk alice.9.qcow2, made for hosting 9");
    }

    @Test
    void a_thing_without_a_recorded_id_is_legacy_owned_while_a_hosting_holds_its_site_and_an_orphan_otherwise() {
        host.store(1, "alice", HostingStatus.RUNNING, ProvisioningStep.DONE);
        host.hypervisor.addLeftover(resource(Kind.DISK, "alice.qcow2", "alice", null));
        host.hypervisor.addLeftover(resource(Kind.DISK, "ghost.qcow2", "ghost", null));

        OrphanReport report = orphans.report();

        assertThat(report.orphans()).containsExactly(
                new Orphan("disk", "ghost.qcow2", SiteName.of("ghost"), Optional.empty()));
        assertThat(report.orphans().get(0).describe()).isEqualTo("disk ghost.qcow2, no hosting recorded");
    }

    @Test
    void route_files_of_a_site_without_a_live_hosting_and_an_ssh_port_no_hosting_owns_are_reported() {
        Hosting alice = host.store(1, "alice", HostingStatus.RUNNING, ProvisioningStep.DONE);
        Hosting gone = host.store(2, "gone", HostingStatus.FAILED, ProvisioningStep.WAIT_SSH);
        host.proxy.plant(new ReverseProxy.Route(alice.site(), alice.address(), alice.sshPort() + 1));
        host.proxy.plant(new ReverseProxy.Route(gone.site(), gone.address(), gone.sshPort()));
        host.proxy.plant(new ReverseProxy.Route(SiteName.of("ghost"), alice.address(), 20999));

        OrphanReport report = orphans.report();

        assertThat(report.orphans()).extracting(Orphan::site, Orphan::kind, Orphan::name).containsExactly(
                tuple(SiteName.of("alice"), "ssh port", (alice.sshPort() + 1) + " (nestbox-ssh-alice.conf, its hosting's port is "
                        + alice.sshPort() + ")"),
                tuple(SiteName.of("ghost"), "ssh route", "nestbox-ssh-ghost.conf"),
                tuple(SiteName.of("ghost"), "web route", "nestbox-site-ghost.conf"),
                tuple(SiteName.of("gone"), "ssh route", "nestbox-ssh-gone.conf"),
                tuple(SiteName.of("gone"), "web route", "nestbox-site-gone.conf"));
        assertThat(report.orphanMachines()).containsExactly(SiteName.of("alice"), SiteName.of("ghost"), SiteName.of("gone"));
        assertThat(report.orphans().get(1).describe()).isEqualTo("ssh route nestbox-ssh-ghost.conf, no hosting recorded");
    }

    @Test
    void nothing_left_over_is_an_empty_report() {
        Hosting alice = host.store(1, "alice", HostingStatus.RUNNING, ProvisioningStep.DONE);
        host.hypervisor.createDisk(new Hypervisor.Machine(alice.id(), alice.site(), alice.address(), new Plan("micro", "micro", 256, 1, 1024), "key"));

        assertThat(orphans.report().orphans()).isEmpty();
        assertThat(orphans.report().orphanMachines()).isEmpty();
    }
}
