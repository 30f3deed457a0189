package dev.nestbox.adapters.libvirt;

import dev.nestbox.domain.plan.Plan;
import dev.nestbox.application.port.out.Hypervisor.Machine;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.SiteName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class DomainXmlTest {
    static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHh0ZXN0a2V5dGVzdGtleXRlc3RrZXl0ZXN0a2V5 nestbox-7";
    static final Machine ALICE = new Machine(new HostingId(7), SiteName.of("alice"), Ipv4Address.parse("10.88.0.2"), new Plan("micro", "micro", 256, 1, 1024), KEY);

    @TempDir
    Path dir;

    @Test
    void builtin_guest_boots_its_kernel_with_the_machines_identity_on_the_command_line() {
        LibvirtSettings settings = LibvirtSettings.defaults();
        String xml = new DomainXml(settings).render(ALICE, Accelerator.TCG);

        HostTool.assertValidLibvirtXml(dir, "builtin-tcg.xml", xml, "domain");
        String base64Key = Base64.getEncoder().encodeToString(KEY.getBytes(StandardCharsets.UTF_8));
        assertThat(xml)
                .contains("<domain type='qemu'>")
                .contains("<name>nestbox-alice</name>")
                .contains("<memory unit='MiB'>256</memory>")
                .contains("<vcpu>1</vcpu>")
                .contains("<kernel>/var/lib/nestbox/images/vmlinuz</kernel>")
                .contains("<initrd>/var/lib/nestbox/images/initrd.img</initrd>")
                .contains("<cmdline>console=ttyS0 quiet panic=10 nestbox.ip=10.88.0.2/24 nestbox.gw=10.88.0.1 nestbox.site=alice"
                        + " nestbox.dns=10.88.0.1 nestbox.key=" + base64Key + "</cmdline>")
                .contains("<source pool='nestbox' volume='alice.7.qcow2'/>")
                .contains("<target dev='vda' bus='virtio'/>")
                .contains("<source network='nestbox'/>")
                .contains("<tb-cache unit='MiB'>64</tb-cache>")
                .contains("<rom enabled='no'/>")
                .contains("<mac address='52:54:00:58:00:02'/>")
                .contains("<model type='virtio'/>")
                .contains("<serial type='file'>\n      <source path='/var/log/nestbox/console/alice.log' append='on'>"
                        + "<seclabel model='dac' relabel='no'/></source>")
                .contains("<console type='file'>")
                .contains("<on_crash>restart</on_crash>")
                .contains("<model fallback='allow'>qemu64</model>")
                .doesNotContain("<graphics")
                .doesNotContain("cidata");
        assertThat(base64Key).doesNotContain("\n");
    }

    @Test
    void every_interface_carries_the_guest_filter_with_its_address_and_the_machine_its_limits() {
        String xml = new DomainXml(LibvirtSettings.defaults()).render(ALICE, Accelerator.TCG);

        assertThat(xml)
                .contains("      <filterref filter='nestbox-guest'>\n"
                        + "        <parameter name='IP' value='10.88.0.2'/>\n"
                        + "      </filterref>\n")
                .contains("  <cputune>\n    <global_period>100000</global_period>\n"
                        + "    <global_quota>100000</global_quota>\n  </cputune>\n")
                .contains("      <iotune>\n        <total_bytes_sec>104857600</total_bytes_sec>\n"
                        + "        <total_iops_sec>2000</total_iops_sec>\n      </iotune>\n")
                .contains("      <bandwidth>\n        <inbound average='12800' burst='3200'/>\n"
                        + "        <outbound average='12800' burst='3200'/>\n      </bandwidth>\n");
        assertThat(xml.indexOf("<filterref")).isGreaterThan(xml.indexOf("<interface type='network'>"))
                .isLessThan(xml.indexOf("</interface>"));
        assertThat(xml.indexOf("<iotune>")).isLessThan(xml.indexOf("</disk>"));
    }

    @Test
    void limits_scale_with_vcpus_and_each_can_be_switched_off() {
        LibvirtSettings two = new LibvirtSettings("qemu:///system", "nestbox", "nbbr0", "10.88.0.0/24",
                "nestbox", Path.of("/var/lib/nestbox/disks"), Path.of("/var/log/nestbox/console"),
                LibvirtSettings.Accel.TCG, java.util.Map.of("micro", new LibvirtSettings.Guest.Builtin(Path.of("/srv/img"))))
                .withResources(new GuestResources(50, 0, 500, 0, 1000));

        Machine twoCpus = new Machine(ALICE.hosting(), ALICE.site(), ALICE.address(),
                new Plan("duo", "micro", 192, 2, 1024), ALICE.provisioningPublicKey());
        String xml = new DomainXml(two).render(twoCpus, Accelerator.KVM);
        HostTool.assertValidLibvirtXml(dir, "limits.xml", xml, "domain");
        assertThat(xml).contains("<vcpu>2</vcpu>");
        assertThat(xml).contains("<global_quota>100000</global_quota>")
                .contains("<total_iops_sec>500</total_iops_sec>").doesNotContain("total_bytes_sec")
                .contains("<outbound average='1000' burst='250'/>").doesNotContain("<inbound");

        String none = new DomainXml(LibvirtSettings.defaults().withResources(GuestResources.unlimited())
                .withFirewall(GuestFirewall.disabled())).render(ALICE, Accelerator.TCG);
        HostTool.assertValidLibvirtXml(dir, "unlimited.xml", none, "domain");
        assertThat(none).doesNotContain("<cputune>").doesNotContain("<iotune>").doesNotContain("<bandwidth>")
                .doesNotContain("<filterref");
    }

    @Test
    void the_translation_cache_is_configured_under_tcg_only() {
        LibvirtSettings small = LibvirtSettings.defaults()
                .withResources(new GuestResources(100, 0, 0, 0, 0, 24));
        String tcg = new DomainXml(small).render(ALICE, Accelerator.TCG);
        HostTool.assertValidLibvirtXml(dir, "tcg-cache.xml", tcg, "domain");
        assertThat(tcg).contains("<tcg><tb-cache unit='MiB'>24</tb-cache></tcg>");
        assertThat(new DomainXml(small).render(ALICE, Accelerator.KVM)).doesNotContain("<tcg>");
        String qemuDefault = new DomainXml(LibvirtSettings.defaults()
                .withResources(new GuestResources(100, 0, 0, 0, 0, 0))).render(ALICE, Accelerator.TCG);
        assertThat(qemuDefault).doesNotContain("<tcg>").contains("<features><acpi/><apic/></features>");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new GuestResources(100, 0, 0, 0, 0, 4))
                .hasMessageContaining("tcgCacheMib");
    }

    @Test
    void an_image_with_its_own_translation_cache_gets_it_and_the_others_the_host_wide_one() {
        Machine debian = new Machine(new HostingId(8), SiteName.of("bob"), Ipv4Address.parse("10.88.0.3"),
                new Plan("debian", "debian-12", 256, 1, 1024), KEY);
        LibvirtSettings settings = LibvirtSettings.defaults()
                .withImage("debian-12", new LibvirtSettings.Guest.CloudImage(Path.of("/srv/debian.qcow2"),
                        Path.of("/srv/seeds")))
                .withResources(new GuestResources(100, 0, 0, 0, 0, 64).withImageTcgCacheMib("micro", 16));

        String micro = new DomainXml(settings).render(ALICE, Accelerator.TCG);
        HostTool.assertValidLibvirtXml(dir, "tcg-cache-micro.xml", micro, "domain");
        assertThat(micro).contains("<tcg><tb-cache unit='MiB'>16</tb-cache></tcg>");
        assertThat(new DomainXml(settings).render(debian, Accelerator.TCG))
                .contains("<tcg><tb-cache unit='MiB'>64</tb-cache></tcg>");
        assertThat(new DomainXml(settings).render(ALICE, Accelerator.KVM)).doesNotContain("<tcg>");

        // An image's 0 is qemu's default even where the host-wide size is set; a host-wide 0 leaves an image's own.
        assertThat(new DomainXml(settings.withResources(settings.resources().withImageTcgCacheMib("micro", 0)))
                .render(ALICE, Accelerator.TCG)).doesNotContain("<tcg>");
        GuestResources qemuDefault = new GuestResources(100, 0, 0, 0, 0, 0).withImageTcgCacheMib("debian-12", 32);
        assertThat(new DomainXml(settings.withResources(qemuDefault)).render(debian, Accelerator.TCG))
                .contains("<tb-cache unit='MiB'>32</tb-cache>");
        assertThat(new DomainXml(settings.withResources(qemuDefault)).render(ALICE, Accelerator.TCG))
                .doesNotContain("<tcg>");
    }

    @Test
    void an_images_translation_cache_is_checked_like_the_host_wide_one() {
        GuestResources resources = new GuestResources(100, 0, 0, 0, 0, 64);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> resources.withImageTcgCacheMib("micro", 4))
                .hasMessageContaining("tcgCacheMib of image micro").hasMessageContaining("8-4096");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> resources.withImageTcgCacheMib("micro", 8192))
                .hasMessageContaining("tcgCacheMib of image micro");
        assertThat(resources.withImageTcgCacheMib("micro", 16).withImageTcgCacheMib("micro", 24).tcgCacheMib("micro"))
                .isEqualTo(24);
        assertThat(resources.tcgCacheMib("micro")).isEqualTo(64);
        assertThat(GuestResources.defaults().imageTcgCacheMib()).isEmpty();
    }

    @Test
    void resource_settings_refuse_nonsense() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new GuestResources(-1, 0, 0, 0, 0))
                .hasMessageContaining("cpuQuotaPercent");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new GuestResources(100, 1000, 0, 0, 0))
                .hasMessageContaining("diskBytesPerSecond");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new GuestResources(100, 0, 0, -5, 0))
                .hasMessageContaining("networkInboundKiBps");
    }

    @Test
    void kvm_domains_use_the_host_cpu() {
        String xml = new DomainXml(LibvirtSettings.defaults()).render(ALICE, Accelerator.KVM);

        HostTool.assertValidLibvirtXml(dir, "builtin-kvm.xml", xml, "domain");
        assertThat(xml).contains("<domain type='kvm'>").contains("<cpu mode='host-passthrough'/>");
    }

    @Test
    void memory_falls_back_to_the_plan_and_vcpus_come_from_it() {
        LibvirtSettings settings = new LibvirtSettings("qemu:///system", "nestbox", "nbbr0", "10.88.0.0/24",
                "nestbox", Path.of("/var/lib/nestbox/disks"), Path.of("/var/log/nestbox/console"),
                LibvirtSettings.Accel.TCG, java.util.Map.of("micro", new LibvirtSettings.Guest.Builtin(Path.of("/srv/img"))));
        Machine unsized = new Machine(new HostingId(8), SiteName.of("bob-2"), Ipv4Address.parse("10.88.0.9"), new Plan("micro", "micro", 192, 2, 1024), KEY);

        String xml = new DomainXml(settings).render(unsized, Accelerator.TCG);

        assertThat(xml).contains("<memory unit='MiB'>192</memory>").contains("<vcpu>2</vcpu>")
                .contains("<kernel>/srv/img/vmlinuz</kernel>").contains("<mac address='52:54:00:58:00:09'/>");
    }

    @Test
    void cloud_image_guest_boots_its_disk_and_reads_its_seed_from_a_second_disk() {
        LibvirtSettings settings = LibvirtSettings.defaults().withImage("micro", new LibvirtSettings.Guest.CloudImage(
                Path.of("/var/lib/nestbox/base/debian-12.qcow2"), Path.of("/var/lib/nestbox/seeds")));
        String xml = new DomainXml(settings).render(ALICE, Accelerator.TCG);

        HostTool.assertValidLibvirtXml(dir, "cloud-tcg.xml", xml, "domain");
        assertThat(xml)
                .contains("<boot dev='hd'/>")
                .doesNotContain("<kernel>")
                .doesNotContain("<cmdline>")
                .contains("<source pool='nestbox' volume='alice.7.qcow2'/>")
                .contains("<source file='/var/lib/nestbox/seeds/alice.7-cidata.iso'/>")
                .contains("<target dev='vdb' bus='virtio'/>")
                .contains("<readonly/>")
                .contains("<cpu mode='maximum' match='exact'/>");
        HostTool.assertValidLibvirtXml(dir, "cloud-kvm.xml",
                new DomainXml(settings).render(ALICE, Accelerator.KVM), "domain");
    }

    @Test
    void a_disk_image_machine_boots_its_versions_kernel_with_the_image_arguments_before_the_platforms() {
        LibvirtSettings settings = LibvirtSettings.defaults()
                .withImage("debian-12", new LibvirtSettings.Guest.Disk(Path.of("/var/lib/nestbox/images/debian-12")));
        Machine debian = new Machine(ALICE.hosting(), ALICE.site(), ALICE.address(),
                new Plan("debian-12", "debian-12", 512, 1, 4096), KEY);
        Path version = Path.of("/var/lib/nestbox/images/debian-12/20261203-1");
        DomainXml.Boot boot = new DomainXml.Boot.Kernel(version.resolve("vmlinuz"), version.resolve("initrd.img"),
                "root=/dev/vda rw net.ifnames=0", true, java.util.Optional.of(version.resolve("base.qcow2")));
        DomainXml domainXml = new DomainXml(settings);

        String xml = domainXml.render(debian, Accelerator.TCG, boot);

        HostTool.assertValidLibvirtXml(dir, "disk-tcg.xml", xml, "domain");
        assertThat(xml)
                .contains("<memory unit='MiB'>512</memory>")
                .contains("<kernel>/var/lib/nestbox/images/debian-12/20261203-1/vmlinuz</kernel>")
                .contains("<initrd>/var/lib/nestbox/images/debian-12/20261203-1/initrd.img</initrd>")
                .contains("<cmdline>root=/dev/vda rw net.ifnames=0 " + domainXml.kernelCommandLine(debian)
                        + "</cmdline>")
                .contains("<cmdline>root=/dev/vda rw net.ifnames=0 console=ttyS0 quiet panic=10 nestbox.ip=10.88.0.2/24")
                .contains("<source pool='nestbox' volume='alice.7.qcow2'/>\n"
                        + "      <target dev='vda' bus='virtio'/>\n"
                        + "      <backingStore type='file'>\n"
                        + "        <format type='qcow2'/>\n"
                        + "        <source file='/var/lib/nestbox/images/debian-12/20261203-1/base.qcow2'>"
                        + "<seclabel model='dac' relabel='no'/></source>\n"
                        + "        <backingStore/>\n"
                        + "      </backingStore>\n")
                .contains("<cpu mode='maximum' match='exact'/>")
                .contains("<tb-cache unit='MiB'>64</tb-cache>")
                .contains("<rom enabled='no'/>")
                .contains("<rng model='virtio'>")
                .contains("<filterref filter='nestbox-guest'>")
                .contains("<serial type='file'>")
                .doesNotContain("<boot dev='hd'/>")
                .doesNotContain("cidata")
                .doesNotContain("current");
        String kvm = domainXml.render(debian, Accelerator.KVM, boot);
        HostTool.assertValidLibvirtXml(dir, "disk-kvm.xml", kvm, "domain");
        assertThat(kvm).contains("<cpu mode='host-passthrough'/>");

        String noArguments = domainXml.render(debian, Accelerator.TCG, new DomainXml.Boot.Kernel(
                version.resolve("vmlinuz"), version.resolve("initrd.img"), "", true));
        assertThat(noArguments).contains("<cmdline>console=ttyS0 quiet panic=10 ");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> domainXml.render(debian, Accelerator.TCG))
                .as("a disk image's boot needs its disk's backing file").isInstanceOf(IllegalStateException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> domainXml.render(debian, Accelerator.TCG,
                        new DomainXml.Boot.Kernel(version.resolve("vmlinuz"), version.resolve("initrd.img"),
                                "x".repeat(1900), true)))
                .isInstanceOf(LibvirtUnavailable.class).hasMessageContaining("2047");
    }

    @Test
    void network_pool_and_volume_definitions_are_valid_libvirt_xml() {
        LibvirtSettings settings = LibvirtSettings.defaults();
        String network = ResourceXml.network("nestbox", "nbbr0", settings.subnet());

        HostTool.assertValidLibvirtXml(dir, "network.xml", network, "network");
        HostTool.assertValidLibvirtXml(dir, "pool.xml",
                ResourceXml.directoryPool("nestbox", Path.of("/var/lib/nestbox/disks")), "storagepool");
        HostTool.assertValidLibvirtXml(dir, "volume.xml", ResourceXml.emptyVolume("alice.qcow2", 1024), "storagevol");
        HostTool.assertValidLibvirtXml(dir, "overlay.xml",
                ResourceXml.overlayVolume("alice.qcow2", 3072, Path.of("/base/debian.qcow2")), "storagevol");
        assertThat(network)
                .contains("<forward mode='nat'/>")
                .contains("<bridge name='nbbr0'")
                .contains("<port isolated='yes'/>")
                .contains("<ip address='10.88.0.1' netmask='255.255.255.0'/>")
                .doesNotContain("<dhcp>");
    }

    @Test
    void values_are_escaped() {
        Machine odd = new Machine(new HostingId(9), SiteName.of("carol"), Ipv4Address.parse("10.88.0.3"), new Plan("micro", "micro", 128, 1, 1024), "ssh-ed25519 AAAA a<b>&'c\"");
        LibvirtSettings settings = LibvirtSettings.defaults().withConsoleLogDir(Path.of("/var/log/a&b"));

        String xml = new DomainXml(settings).render(odd, Accelerator.TCG);

        HostTool.assertValidLibvirtXml(dir, "escaped.xml", xml, "domain");
        assertThat(xml).contains("/var/log/a&amp;b/carol.log");
    }
}
