package dev.nestbox.bootstrap.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * One entry of {@code hypervisor.images}: what the machines of the plans naming this image boot.
 * <ul>
 *   <li>{@code builtin}: {@code dir} holds {@code vmlinuz} and {@code initrd.img} (guest/build); a blank disk;</li>
 *   <li>{@code disk}: {@code dir/current} links to a version directory with {@code vmlinuz}, {@code initrd.img},
 *       {@code base.qcow2}, {@code cmdline}, {@code manifest}; a site's disk is an overlay on that base;</li>
 *   <li>{@code cloud-image}: {@code base} is a qcow2 cloud image, configured by a cloud-init seed written to
 *       {@code seedDir} (hypervisor.seedDir when not given).</li>
 * </ul>
 */
public class ImageConfig {
    @NotNull @Pattern(regexp = "builtin|disk|cloud-image") @JsonProperty public String kind = "builtin";
    /** builtin and disk: the image's directory. */
    @NotNull @JsonProperty public String dir = "";
    /** cloud-image: the base qcow2 image. */
    @NotNull @JsonProperty public String base = "";
    /** cloud-image: where the seeds are written; hypervisor.seedDir when empty. */
    @NotNull @JsonProperty public String seedDir = "";
    /**
     * Under TCG (no KVM): qemu's translation cache of this image's machines, MiB (0: qemu's default); not set:
     * hypervisor.resources.tcgCacheMib. config.yml writes it as {@code ${NESTBOX_TCG_CACHE_MIB:-N}}, so the
     * operator's NESTBOX_TCG_CACHE_MIB sets every image's size at once.
     */
    @Min(0) @Max(4096) @JsonProperty public Integer tcgCacheMib;
}
