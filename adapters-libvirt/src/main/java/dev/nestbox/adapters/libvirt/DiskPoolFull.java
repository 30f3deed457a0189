package dev.nestbox.adapters.libvirt;

/**
 * The disk pool has too little room for a new site's disk. Not a dependency outage (libvirt answers): the hosting
 * fails at once with this reason instead of booting a guest whose disk cannot grow (qemu would pause it on its
 * first write, and the hosting would fail minutes later for an unrelated-looking reason).
 */
public final class DiskPoolFull extends RuntimeException {
    /** What a new disk needs free in the pool: the guest's first files and logs, with room to spare. */
    static final long RESERVE_BYTES = 256L * 1024 * 1024;

    DiskPoolFull(String pool, long availableBytes) {
        super("the host's disk pool '" + pool + "' is full (" + availableBytes / (1024 * 1024) + " MiB free, a new "
                + "site needs at least " + RESERVE_BYTES / (1024 * 1024) + " MiB); delete this site and create it "
                + "again once the operator has made room");
    }

    /** Throws when {@code availableBytes} leaves no room for a new disk. */
    static void requireRoom(String pool, long availableBytes) {
        if (availableBytes < RESERVE_BYTES) {
            throw new DiskPoolFull(pool, availableBytes);
        }
    }
}
