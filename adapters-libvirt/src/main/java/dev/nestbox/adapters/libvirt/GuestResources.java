package dev.nestbox.adapters.libvirt;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Limits of one machine beyond its memory and vCPUs, so that one site cannot starve the others. Zero turns a
 * limit off.
 *
 * @param cpuQuotaPercent      CPU time of the whole machine (vCPUs and qemu's own threads together), in percent
 *                             of one host core per vCPU: 100 lets a 1-vCPU guest use one core, never more
 *                             ({@code <cputune>} global quota; needs libvirt's cgroup CPU controller)
 * @param diskBytesPerSecond   reads plus writes on the site's disk ({@code <iotune>}, done by qemu)
 * @param diskIopsPerSecond    read plus write operations per second on the site's disk
 * @param networkInboundKiBps  traffic to the guest, KiB/s ({@code <bandwidth>}; needs the host's tc with the
 *                             htb and sfq queueing disciplines)
 * @param networkOutboundKiBps traffic from the guest, KiB/s (tc ingress policing)
 * @param tcgCacheMib          under TCG only: qemu's translation cache per machine, MiB ({@code <tb-cache>}); it
 *                             ends up wholly resident, so it is memory every site costs on top of its own; 0 leaves
 *                             qemu's default (a quarter of the host's memory, up to 1 GiB, per machine); the value of
 *                             every image without one of its own in {@code imageTcgCacheMib}
 * @param imageTcgCacheMib     an image's own translation cache (image name to MiB, same range), for the machines of
 *                             the plans booting that image: a small guest (micro) needs far less than a full
 *                             distribution (debian-12), whose boot slows down with too small a cache
 */
public record GuestResources(int cpuQuotaPercent, long diskBytesPerSecond, long diskIopsPerSecond,
                             long networkInboundKiBps, long networkOutboundKiBps, int tcgCacheMib,
                             Map<String, Integer> imageTcgCacheMib) {
    /** The cgroup period the quota is a share of (libvirt's and the kernel's default). */
    static final long CPU_PERIOD_MICROS = 100_000;
    /** The translation cache when none is configured. */
    public static final int DEFAULT_TCG_CACHE_MIB = 64;

    /** With the default translation cache. */
    public GuestResources(int cpuQuotaPercent, long diskBytesPerSecond, long diskIopsPerSecond,
                          long networkInboundKiBps, long networkOutboundKiBps) {
        this(cpuQuotaPercent, diskBytesPerSecond, diskIopsPerSecond, networkInboundKiBps, networkOutboundKiBps,
                DEFAULT_TCG_CACHE_MIB);
    }

    /** With one translation cache for every image. */
    public GuestResources(int cpuQuotaPercent, long diskBytesPerSecond, long diskIopsPerSecond,
                          long networkInboundKiBps, long networkOutboundKiBps, int tcgCacheMib) {
        this(cpuQuotaPercent, diskBytesPerSecond, diskIopsPerSecond, networkInboundKiBps, networkOutboundKiBps,
                tcgCacheMib, Map.of());
    }

    public GuestResources {
        requireTcgCache("tcgCacheMib", tcgCacheMib);
        Map<String, Integer> own = new TreeMap<>();
        for (Map.Entry<String, Integer> image : Objects.requireNonNull(imageTcgCacheMib, "imageTcgCacheMib")
                .entrySet()) {
            String name = Objects.requireNonNull(image.getKey(), "image name");
            int mib = Objects.requireNonNull(image.getValue(), "tcgCacheMib of image " + name);
            requireTcgCache("tcgCacheMib of image " + name, mib);
            own.put(name, mib);
        }
        imageTcgCacheMib = Collections.unmodifiableMap(own);
        if (cpuQuotaPercent < 0 || cpuQuotaPercent > 10_000) {
            throw new IllegalArgumentException("cpuQuotaPercent must be 0 (no limit) or 1-10000, not "
                    + cpuQuotaPercent);
        }
        requireNonNegative("diskBytesPerSecond", diskBytesPerSecond);
        requireNonNegative("diskIopsPerSecond", diskIopsPerSecond);
        requireNonNegative("networkInboundKiBps", networkInboundKiBps);
        requireNonNegative("networkOutboundKiBps", networkOutboundKiBps);
        if (diskBytesPerSecond > 0 && diskBytesPerSecond < 1024 * 1024) {
            throw new IllegalArgumentException("diskBytesPerSecond below 1 MiB/s would make the guest unusable: "
                    + diskBytesPerSecond);
        }
    }

    /**
     * The translation cache of the machines booting {@code image}: the image's own when it has one, else
     * {@link #tcgCacheMib()}; 0 = qemu's default.
     */
    public int tcgCacheMib(String image) {
        return imageTcgCacheMib.getOrDefault(image, tcgCacheMib);
    }

    /** With {@code image}'s own translation cache (replacing one it had). */
    public GuestResources withImageTcgCacheMib(String image, int mib) {
        Map<String, Integer> own = new TreeMap<>(imageTcgCacheMib);
        own.put(image, mib);
        return new GuestResources(cpuQuotaPercent, diskBytesPerSecond, diskIopsPerSecond, networkInboundKiBps,
                networkOutboundKiBps, tcgCacheMib, own);
    }

    /**
     * One core per vCPU, 100 MiB/s and 2000 operations/s of disk, 100 Mbit/s each way: far above what a
     * small site uses or needs to boot, far below what one guest could take from its neighbours.
     */
    public static GuestResources defaults() {
        return new GuestResources(100, 100L * 1024 * 1024, 2000, 12_800, 12_800);
    }

    public static GuestResources unlimited() {
        return new GuestResources(0, 0, 0, 0, 0);
    }

    private static void requireTcgCache(String field, int mib) {
        if (mib != 0 && (mib < 8 || mib > 4096)) {
            throw new IllegalArgumentException(field + " must be 0 (qemu's default) or 8-4096, not " + mib);
        }
    }

    private static void requireNonNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be 0 (no limit) or positive, not " + value);
        }
    }
}
