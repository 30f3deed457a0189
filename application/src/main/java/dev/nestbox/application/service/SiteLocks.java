package dev.nestbox.application.service;

import dev.nestbox.domain.hosting.SiteName;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Serialises everything that makes or unmakes a site's machine, disk and routes, so a provisioning step and a
 * teardown of the same site never interleave (which would leave an orphan). Share one instance between the
 * provisioning worker, {@link HostingTeardown} and the route reconciler.
 *
 * <p>A whole-host pass (the route reconciler) takes {@link #holdingAll}: it waits for every site's work to finish
 * and holds new work off, so its snapshot of hostings cannot go stale while it applies it.
 */
public final class SiteLocks {
    private final ReadWriteLock host = new ReentrantReadWriteLock(true);
    private final Map<SiteName, Entry> sites = new HashMap<>();

    public <T> T holding(SiteName site, Supplier<T> action) {
        Entry entry = acquire(site);
        host.readLock().lock();
        try {
            entry.lock.lock();
            try {
                return action.get();
            } finally {
                entry.lock.unlock();
            }
        } finally {
            host.readLock().unlock();
            release(site, entry);
        }
    }

    public void holding(SiteName site, Runnable action) {
        holding(site, () -> {
            action.run();
            return null;
        });
    }

    public <T> T holdingAll(Supplier<T> action) {
        host.writeLock().lock();
        try {
            return action.get();
        } finally {
            host.writeLock().unlock();
        }
    }

    /** Sites with a lock in use right now; the map forgets the others, so it never grows with history. */
    int sitesInUse() {
        synchronized (sites) {
            return sites.size();
        }
    }

    private Entry acquire(SiteName site) {
        synchronized (sites) {
            Entry entry = sites.computeIfAbsent(site, s -> new Entry());
            entry.users++;
            return entry;
        }
    }

    private void release(SiteName site, Entry entry) {
        synchronized (sites) {
            if (--entry.users == 0) {
                sites.remove(site);
            }
        }
    }

    private static final class Entry {
        // Fair, so a deletion waiting for a step gets the site before the worker's next step does.
        final ReentrantLock lock = new ReentrantLock(true);
        int users;
    }
}
