package dev.nestbox.adapters.libvirt;

import dev.nestbox.application.port.out.Hypervisor.Machine;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.SiteName;
import dev.nestbox.domain.plan.Plan;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Images per plan: which guest, whether it can boot, its disk's definition and, for disk-kind images, its boot. */
class GuestImagesTest {
    static final String KEY = DomainXmlTest.KEY;
    static final Plan DEBIAN = new Plan("debian-12", "debian-12", 512, 1, 4096);
    static final Plan MICRO = new Plan("micro", "micro", 128, 1, 1024);

    @TempDir
    Path tmp;
    DiskImageFixture debian;
    Path micro;
    LibvirtSettings settings;

    @BeforeEach
    void setUp() throws Exception {
        debian = new DiskImageFixture(tmp.resolve("images/debian-12"));
        micro = Files.createDirectories(tmp.resolve("images/micro"));
        Files.writeString(micro.resolve("vmlinuz"), "k");
        Files.writeString(micro.resolve("initrd.img"), "i");
        settings = LibvirtSettings.defaults().withImages(java.util.Map.of(
                "micro", new LibvirtSettings.Guest.Builtin(micro),
                "debian-12", new LibvirtSettings.Guest.Disk(debian.dir)));
    }

    static Machine machine(Plan plan) {
        return new Machine(new HostingId(7), SiteName.of("alice"), Ipv4Address.parse("10.88.0.2"), plan, KEY);
    }

    @Test
    void an_image_can_boot_when_configured_and_its_files_are_installed() throws Exception {
        GuestImages images = new GuestImages(settings, true);
        assertThat(images.canBoot("micro")).isTrue();
        assertThat(images.canBoot("debian-12")).as("no current version yet").isFalse();
        assertThat(images.canBoot("ubuntu")).as("not configured").isFalse();

        debian.addVersion("v1", "64M", "root=/dev/vda rw");
        assertThat(images.canBoot("debian-12")).as("a version, but no current link").isFalse();
        debian.makeCurrent("v1");
        assertThat(images.canBoot("debian-12")).isTrue();

        Files.delete(debian.dir.resolve("v1/cmdline"));
        assertThat(images.canBoot("debian-12")).as("a file of the version missing").isFalse();
        Files.delete(micro.resolve("initrd.img"));
        assertThat(images.canBoot("micro")).isFalse();

        GuestImages remote = new GuestImages(settings.withUri("qemu+ssh://elsewhere/system"), false);
        assertThat(remote.canBoot("debian-12")).as("files on libvirt's host are not ours to look at").isTrue();
        assertThat(remote.canBoot("ubuntu")).isFalse();
    }

    @Test
    void a_disk_image_site_gets_an_overlay_on_the_real_path_of_the_current_base_at_least_its_size() throws Exception {
        debian.addVersion("v1", "6G", "root=/dev/vda rw");
        debian.makeCurrent("v1");
        GuestImages images = new GuestImages(settings, true);

        String xml = images.volumeXml(machine(DEBIAN));

        HostTool.assertValidLibvirtXml(tmp, "overlay.xml", xml, "storagevol");
        Path base = debian.dir.resolve("v1/base.qcow2").toRealPath();
        assertThat(xml).contains("<name>alice.7.qcow2</name>")
                .contains("<capacity unit='MiB'>6144</capacity>")
                .contains("<backingStore>\n    <path>" + base + "</path>\n    <format type='qcow2'/>\n  </backingStore>")
                .doesNotContain("current");
        assertThat(DiskPool.backingFile(xml)).contains(base);

        debian.addVersion("v2", "1G", "root=/dev/vda rw");
        debian.makeCurrent("v2");
        assertThat(images.volumeXml(machine(DEBIAN)))
                .as("the plan's 4 GiB, larger than the new base; a new site gets the new version")
                .contains("<capacity unit='MiB'>4096</capacity>")
                .contains("<path>" + debian.dir.resolve("v2/base.qcow2").toRealPath() + "</path>");
    }

    @Test
    void the_builtin_image_gets_a_blank_disk_of_the_plans_size() {
        String xml = new GuestImages(settings, true).volumeXml(machine(new Plan("big", "micro", 128, 1, 2048)));

        assertThat(xml).contains("<capacity unit='MiB'>2048</capacity>").doesNotContain("backingStore");
    }

    @Test
    void a_disk_image_machine_boots_the_kernel_of_its_disks_base_version_not_the_current_one() throws Exception {
        debian.addVersion("v1", "64M", "root=/dev/vda rw net.ifnames=0\n");
        debian.makeCurrent("v1");
        Path v1Base = debian.dir.resolve("v1/base.qcow2").toRealPath();
        debian.addVersion("v2", "64M", "root=/dev/vda ro");
        debian.makeCurrent("v2");
        GuestImages images = new GuestImages(settings, true);

        DomainXml.Boot boot = images.boot(machine(DEBIAN), new LibvirtSettings.Guest.Disk(debian.dir),
                Optional.of(v1Base));

        assertThat(boot).isEqualTo(new DomainXml.Boot.Kernel(v1Base.resolveSibling("vmlinuz"),
                v1Base.resolveSibling("initrd.img"), "root=/dev/vda rw net.ifnames=0", true, Optional.of(v1Base)));
    }

    @Test
    void a_disk_image_machine_without_its_version_or_backing_file_is_refused_with_the_fix() throws Exception {
        Path v1 = debian.addVersion("v1", "64M", "");
        debian.makeCurrent("v1");
        GuestImages images = new GuestImages(settings, true);
        LibvirtSettings.Guest.Disk disk = new LibvirtSettings.Guest.Disk(debian.dir);

        assertThatThrownBy(() -> images.boot(machine(DEBIAN), disk, Optional.empty()))
                .isInstanceOf(LibvirtUnavailable.class).hasMessageContaining("alice.7.qcow2")
                .hasMessageContaining("no backing file");
        Path base = v1.resolve("base.qcow2").toRealPath();
        Files.delete(v1.resolve("vmlinuz"));
        assertThatThrownBy(() -> images.boot(machine(DEBIAN), disk, Optional.of(base)))
                .isInstanceOf(LibvirtUnavailable.class).hasMessageContaining("vmlinuz")
                .hasMessageContaining("keep its version directory");
        assertThatThrownBy(() -> images.volumeXml(machine(DEBIAN)))
                .isInstanceOf(LibvirtUnavailable.class).hasMessageContaining("vmlinuz")
                .hasMessageContaining("install the image into " + debian.dir);
        assertThatThrownBy(() -> new GuestImages(settings.withUri("qemu+ssh://elsewhere/system"), false)
                .volumeXml(machine(DEBIAN)))
                .isInstanceOf(LibvirtUnavailable.class).hasMessageContaining("needs libvirt on this host");
    }

    @Test
    void kernel_arguments_must_be_one_printable_line() throws Exception {
        Path v1 = debian.addVersion("v1", "64M", "root=/dev/vda\ninit=/bin/sh");
        Path base = v1.resolve("base.qcow2").toRealPath();
        GuestImages images = new GuestImages(settings, true);

        assertThatThrownBy(() -> images.boot(machine(DEBIAN), new LibvirtSettings.Guest.Disk(debian.dir),
                Optional.of(base))).isInstanceOf(LibvirtUnavailable.class).hasMessageContaining("one line");
        Files.writeString(v1.resolve("cmdline"), "x".repeat(GuestImages.MAX_IMAGE_ARGUMENTS + 1));
        assertThatThrownBy(() -> images.boot(machine(DEBIAN), new LibvirtSettings.Guest.Disk(debian.dir),
                Optional.of(base))).isInstanceOf(LibvirtUnavailable.class).hasMessageContaining("longer than");
    }

    @Test
    void a_machine_of_an_image_not_configured_is_refused_naming_the_image_and_the_setting() {
        GuestImages images = new GuestImages(LibvirtSettings.defaults(), true);

        assertThatThrownBy(() -> images.volumeXml(machine(DEBIAN)))
                .isInstanceOf(LibvirtUnavailable.class)
                .hasMessageContaining("image 'debian-12'")
                .hasMessageContaining("configured: micro")
                .hasMessageContaining("hypervisor.images");
    }
}
