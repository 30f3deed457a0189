package dev.nestbox.bootstrap.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.util.Map;

public class HypervisorConfig {
    @NotBlank @JsonProperty public String uri = "qemu:///system";
    /** auto: KVM where KVM guests really boot, TCG otherwise; or force kvm / tcg. */
    @Pattern(regexp = "auto|kvm|tcg") @JsonProperty public String accel = "auto";
    @NotBlank @JsonProperty public String network = "nestbox";
    @NotBlank @JsonProperty public String bridge = "nbbr0";
    @NotBlank @JsonProperty public String pool = "nestbox";
    @NotBlank @JsonProperty public String poolPath = "/var/lib/nestbox/disks";
    /**
     * Image name (a plan's {@code image}) to what its machines boot. Empty: one image, {@code micro}, made of
     * {@code guestKind}, {@code imagesDir} and {@code cloudImage} (configurations made before images).
     */
    @NotNull @Valid @JsonProperty public Map<String, ImageConfig> images = Map.of();
    /** Without images: the micro image's directory (vmlinuz and initrd.img made by guest/build). */
    @NotBlank @JsonProperty public String imagesDir = "/var/lib/nestbox/images";
    @NotBlank @JsonProperty public String consoleLogDir = "/var/lib/nestbox/console";
    /** Only without hosting.plans: the disk size of the one plan, micro. Plans give their own. */
    @Min(64) @JsonProperty public long diskMib = 1024;
    /** Without images: the micro image's kind, builtin or cloud-image. */
    @Pattern(regexp = "builtin|cloud-image") @JsonProperty public String guestKind = "builtin";
    /** Without images: the base qcow2 image for guestKind cloud-image. */
    @JsonProperty public String cloudImage = "";
    /** Where cloud-init seeds (NoCloud ISOs) of cloud-image images are written, unless an image names its own. */
    @NotBlank @JsonProperty public String seedDir = "/var/lib/nestbox/seeds";
    /** What guests may send: allowed outbound ports, blocked networks, anti-spoofing. */
    @Valid @NotNull @JsonProperty public GuestFirewallConfig firewall = new GuestFirewallConfig();
    /** CPU, disk and network limits of every machine. */
    @Valid @NotNull @JsonProperty public GuestResourcesConfig resources = new GuestResourcesConfig();
}
