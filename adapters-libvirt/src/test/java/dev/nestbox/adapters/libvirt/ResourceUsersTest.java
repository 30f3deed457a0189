package dev.nestbox.adapters.libvirt;

import dev.nestbox.domain.plan.Plan;
import dev.nestbox.application.port.out.Hypervisor.Machine;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.SiteName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ResourceUsersTest {
    static final String ELSEWHERE = """
            <domain type='kvm'>
              <name>other</name>
              <devices>
                <disk type='file' device='disk'><source file='/var/lib/libvirt/images/other.qcow2'/></disk>
                <disk type='volume' device='disk'><source pool='default' volume='other2.qcow2'/></disk>
                <interface type='network'><source network='default'/></interface>
                <interface type='bridge'><source bridge='br0'/></interface>
              </devices>
            </domain>
            """;

    @Test
    void our_machines_use_our_network_and_pool_by_name() {
        LibvirtSettings settings = LibvirtSettings.defaults().withNetwork("nb", "nbbr0", "10.88.0.0/24")
                .withPool("nbpool", Path.of("/srv/disks"));
        String ours = new DomainXml(settings).render(new Machine(new HostingId(7), SiteName.of("alice"),
                Ipv4Address.parse("10.88.0.2"), new Plan("micro", "micro", 128, 1, 1024), LibvirtHypervisorTest.KEY), Accelerator.TCG);

        assertThat(ResourceUsers.usesNetwork(ours, "nb", "nbbr0")).isTrue();
        assertThat(ResourceUsers.usesPool(ours, "nbpool", Set.of())).isTrue();
        assertThat(ResourceUsers.usesNetwork(ours, "default", "virbr0")).isFalse();
        assertThat(ResourceUsers.usesPool(ours, "default", Set.of("/var/lib/libvirt/images/x.qcow2"))).isFalse();
    }

    @Test
    void a_domain_on_the_bridge_itself_or_with_a_volume_file_uses_them_too() {
        assertThat(ResourceUsers.usesNetwork(ELSEWHERE, "nb", "br0")).isTrue();
        assertThat(ResourceUsers.usesNetwork(ELSEWHERE, "nb", "nbbr0")).isFalse();
        assertThat(ResourceUsers.usesNetwork(ELSEWHERE, "nb", "")).isFalse();
        assertThat(ResourceUsers.usesPool(ELSEWHERE, "nbpool", Set.of("/var/lib/libvirt/images/other.qcow2")))
                .isTrue();
        assertThat(ResourceUsers.usesPool(ELSEWHERE, "nbpool", Set.of("/var/lib/libvirt/images/x.qcow2")))
                .isFalse();
        assertThat(ResourceUsers.usesPool(ELSEWHERE, "default", Set.of())).isTrue();
    }
}
