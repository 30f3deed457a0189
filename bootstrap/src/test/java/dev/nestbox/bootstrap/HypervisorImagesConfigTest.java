package dev.nestbox.bootstrap;

import dev.nestbox.adapters.libvirt.LibvirtSettings;
import dev.nestbox.adapters.libvirt.LibvirtSettings.Guest;
import dev.nestbox.bootstrap.config.ImageConfig;
import dev.nestbox.bootstrap.config.PlanConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** hypervisor.images: read into the adapter's settings, derived from the settings before images, checked against the plans. */
class HypervisorImagesConfigTest {
    private static NestboxConfiguration config() {
        NestboxConfiguration config = new NestboxConfiguration();
        config.hypervisor.poolPath = "/var/lib/nestbox/disks";
        return config;
    }

    private static ImageConfig image(String kind, String dir) {
        ImageConfig image = new ImageConfig();
        image.kind = kind;
        image.dir = dir;
        return image;
    }

    private static PlanConfig plan(String name, String image) {
        PlanConfig plan = new PlanConfig();
        plan.name = name;
        plan.image = image;
        return plan;
    }

    @Test
    void without_images_the_settings_before_images_make_the_one_image_micro() {
        NestboxConfiguration config = config();
        config.hypervisor.imagesDir = "/srv/images";

        assertThat(Nestbox.libvirtSettings(config.hypervisor, config).images())
                .containsExactly(Map.entry("micro", new Guest.Builtin(Path.of("/srv/images"))));

        config.hypervisor.guestKind = "cloud-image";
        config.hypervisor.cloudImage = "/srv/base/debian.qcow2";
        config.hypervisor.seedDir = "/srv/seeds";
        assertThat(Nestbox.libvirtSettings(config.hypervisor, config).images()).containsExactly(Map.entry("micro",
                new Guest.CloudImage(Path.of("/srv/base/debian.qcow2"), Path.of("/srv/seeds"))));
    }

    @Test
    void images_of_every_kind_are_read() {
        NestboxConfiguration config = config();
        ImageConfig cloud = image("cloud-image", "");
        cloud.base = "/srv/base/ubuntu.qcow2";
        config.hypervisor.seedDir = "/srv/seeds";
        config.hypervisor.images = Map.of("micro", image("builtin", "/srv/images"),
                "debian-12", image("disk", "/srv/images/debian-12"), "ubuntu", cloud);

        LibvirtSettings settings = Nestbox.libvirtSettings(config.hypervisor, config);

        assertThat(settings.images()).containsOnly(
                Map.entry("micro", new Guest.Builtin(Path.of("/srv/images"))),
                Map.entry("debian-12", new Guest.Disk(Path.of("/srv/images/debian-12"))),
                Map.entry("ubuntu", new Guest.CloudImage(Path.of("/srv/base/ubuntu.qcow2"), Path.of("/srv/seeds"))));
    }

    @Test
    void an_image_may_set_its_own_translation_cache_and_the_others_keep_the_host_wide_one() {
        NestboxConfiguration config = config();
        ImageConfig micro = image("builtin", "/srv/images");
        micro.tcgCacheMib = 16;
        config.hypervisor.images = Map.of("micro", micro, "debian-12", image("disk", "/srv/images/debian-12"));
        config.hypervisor.resources.tcgCacheMib = 48;

        LibvirtSettings settings = Nestbox.libvirtSettings(config.hypervisor, config);

        assertThat(settings.resources().tcgCacheMib("micro")).isEqualTo(16);
        assertThat(settings.resources().tcgCacheMib("debian-12")).isEqualTo(48);
        assertThat(settings.resources().imageTcgCacheMib()).containsExactly(Map.entry("micro", 16));
    }

    @Test
    void an_images_unusable_translation_cache_is_refused_naming_it() {
        NestboxConfiguration config = config();
        ImageConfig micro = image("builtin", "/srv/images");
        micro.tcgCacheMib = 4;
        config.hypervisor.images = Map.of("micro", micro);

        assertThatThrownBy(() -> Nestbox.libvirtSettings(config.hypervisor, config))
                .hasMessageContaining("hypervisor.images.micro.tcgCacheMib").hasMessageContaining("not 4");
    }

    @Test
    void an_image_without_its_directory_is_refused_naming_it() {
        NestboxConfiguration config = config();
        config.hypervisor.images = Map.of("debian-12", image("disk", ""));

        assertThatThrownBy(() -> Nestbox.libvirtSettings(config.hypervisor, config))
                .hasMessageContaining("hypervisor.images.debian-12").hasMessageContaining("dir");
    }

    @Test
    void a_plan_whose_image_is_not_configured_stops_the_start_naming_plan_and_image() {
        NestboxConfiguration config = config();
        config.hypervisor.images = Map.of("micro", image("builtin", "/srv/images"));
        config.hosting.plans = List.of(plan("micro", "micro"), plan("full", "debian-12"));

        assertThatThrownBy(() -> Nestbox.libvirtSettings(config.hypervisor, config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plan full")
                .hasMessageContaining("image 'debian-12'")
                .hasMessageContaining("configured: micro")
                .hasMessageContaining("hypervisor.images");

        config.hypervisor.images = Map.of("micro", image("builtin", "/srv/images"),
                "debian-12", image("disk", "/srv/images/debian-12"));
        assertThat(Nestbox.libvirtSettings(config.hypervisor, config).images()).containsOnlyKeys("micro", "debian-12");
    }
}
