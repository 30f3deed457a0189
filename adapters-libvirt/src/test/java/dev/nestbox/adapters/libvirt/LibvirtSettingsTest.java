package dev.nestbox.adapters.libvirt;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LibvirtSettingsTest {
    @Test
    void defaults_are_those_of_a_single_host() {
        LibvirtSettings s = LibvirtSettings.defaults();

        assertThat(s.uri()).isEqualTo("qemu:///system");
        assertThat(s.networkName()).isEqualTo("nestbox");
        assertThat(s.subnet().gateway().toString()).isEqualTo("10.88.0.1");
        assertThat(s.poolPath()).isEqualTo(Path.of("/var/lib/nestbox/disks"));
        assertThat(s.accel()).isEqualTo(LibvirtSettings.Accel.AUTO);
        assertThat(s.images()).containsExactly(
                java.util.Map.entry("micro", new LibvirtSettings.Guest.Builtin(Path.of("/var/lib/nestbox/images"))));
        assertThat(s.image("micro")).isPresent();
        assertThat(s.image("debian-12")).isEmpty();
    }

    @Test
    void libvirts_default_network_is_refused() {
        assertThatThrownBy(() -> LibvirtSettings.defaults().withNetwork("default", "virbr0", "10.88.0.0/24"))
                .hasMessageContaining("default");
    }

    @Test
    void bad_values_are_refused_with_the_setting_named() {
        assertThatThrownBy(() -> LibvirtSettings.defaults().withNetwork("nestbox", "a-bridge-name-too-long", "10.88.0.0/24"))
                .hasMessageContaining("bridgeName");
        assertThatThrownBy(() -> LibvirtSettings.defaults().withNetwork("nestbox", "nbbr0", "10.88.0.1/24"))
                .hasMessageContaining("host bits");
        assertThatThrownBy(() -> LibvirtSettings.defaults().withPool("nestbox", Path.of("relative")))
                .hasMessageContaining("poolPath");
        assertThatThrownBy(() -> LibvirtSettings.Accel.parse("fast")).hasMessageContaining("auto, kvm or tcg");
        assertThatThrownBy(() -> LibvirtSettings.Guest.of("docker", Path.of("/i"), Path.of("/c"), Path.of("/s")))
                .hasMessageContaining("builtin, disk or cloud-image");
        assertThatThrownBy(() -> LibvirtSettings.defaults().withImage("Debian", new LibvirtSettings.Guest.Disk(Path.of("/i"))))
                .hasMessageContaining("image name");
        assertThatThrownBy(() -> LibvirtSettings.defaults().withImage("debian-12",
                new LibvirtSettings.Guest.Disk(Path.of("/var/lib/nestbox/disks/debian-12"))))
                .hasMessageContaining("debian-12").hasMessageContaining("poolPath");
        assertThatThrownBy(() -> new LibvirtSettings.Guest.Disk(Path.of("relative"))).hasMessageContaining("dir");
    }

    @Test
    void configuration_words_are_read() {
        assertThat(LibvirtSettings.Accel.parse(" KVM ")).isEqualTo(LibvirtSettings.Accel.KVM);
        assertThat(LibvirtSettings.Guest.of("cloud-image", Path.of("/i"), Path.of("/c.qcow2"), Path.of("/s")))
                .isEqualTo(new LibvirtSettings.Guest.CloudImage(Path.of("/c.qcow2"), Path.of("/s")));
        assertThat(LibvirtSettings.Guest.of("builtin", Path.of("/i"), Path.of("/c.qcow2"), Path.of("/s")))
                .isEqualTo(new LibvirtSettings.Guest.Builtin(Path.of("/i")));
        assertThat(LibvirtSettings.Guest.of("disk", Path.of("/i/debian-12"), Path.of("/c.qcow2"), Path.of("/s")))
                .isEqualTo(new LibvirtSettings.Guest.Disk(Path.of("/i/debian-12")));
    }
}
