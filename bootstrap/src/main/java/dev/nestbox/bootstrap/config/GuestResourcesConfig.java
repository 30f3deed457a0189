package dev.nestbox.bootstrap.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** {@code hypervisor.resources}: limits of every machine; 0 turns one off. */
public class GuestResourcesConfig {
    /** CPU of the whole machine in percent of one core per vCPU (needs libvirt's cgroup CPU controller). */
    @Min(0) @Max(10000) @JsonProperty public int cpuQuotaPercent = 100;
    /** Reads plus writes on the site's disk, bytes per second (done by qemu). */
    @Min(0) @JsonProperty public long diskBytesPerSecond = 100L * 1024 * 1024;
    @Min(0) @JsonProperty public long diskIopsPerSecond = 2000;
    /** To the guest, KiB/s (needs the kernel's htb and sfq queueing disciplines). 12800 KiB/s = 100 Mbit/s. */
    @Min(0) @JsonProperty public long networkInboundKiBps = 12800;
    /** From the guest, KiB/s (needs the kernel's tc police action). */
    @Min(0) @JsonProperty public long networkOutboundKiBps = 12800;
    /**
     * Under TCG (no KVM): qemu's translation cache per machine, MiB; all of it becomes resident, so it is memory
     * every site costs (bench/density). 0: qemu's default, a quarter of the host's memory up to 1 GiB each.
     */
    @Min(0) @Max(4096) @JsonProperty public int tcgCacheMib = 64;
}
