package dev.nestbox.application.service;

import dev.nestbox.application.port.out.DependencyFailure;
import dev.nestbox.application.port.out.SiteMutex;
import dev.nestbox.domain.hosting.SiteName;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises everything that makes or unmakes a site's machine, disk and routes, so a provisioning step and a
 * teardown of the same site never interleave (which would leave an orphan). Share one instance per process between
 * the provisioning worker, {@link HostingTeardown} and the route reconciler; the {@link SiteMutex} behind it extends
 * the exclusion to the other processes on the same store (the admin console, a second server).
 *
 * <p>Threads of one process queue fairly on an in-process lock first, so only the one whose turn it is holds (or
 * waits for) the shared mutex, and a thread that already holds a site may take it again without asking twice.
 * There is no whole-host lock: nothing may wait for every site while it calls the hypervisor or the proxy.
 */
public final class SiteLocks {
    private final SiteMutex shared;
    private final Map<SiteName, Entry> sites = new HashMap<>();

    /** Exclusion within this process only: for tests and for a process alone on its store. */
    public SiteLocks() {
        this(SiteMutex.processOnly());
    }

    public SiteLocks(SiteMutex shared) {
        this.shared = Objects.requireNonNull(shared, "shared");
    }

    /**
     * Runs {@code action} while no other thread or process works on {@code site}.
     *
     * @throws Unavailable when the shared mutex could not be taken; {@code action} did not run
     */
    public <T> T holding(SiteName site, Supplier<T> action) {
        Entry entry = acquire(site);
        try {
            entry.lock.lock();
            try {
                if (entry.lock.getHoldCount() > 1) {
                    return action.get();
                }
                try (SiteMutex.Held held = take(site)) {
                    return action.get();
                }
            } finally {
                entry.lock.unlock();
            }
        } finally {
            release(site, entry);
        }
    }

    public void holding(SiteName site, Runnable action) {
        holding(site, () -> {
            action.run();
            return null;
        });
    }

    private SiteMutex.Held take(SiteName site) {
        try {
            return shared.acquire(site);
        } catch (DependencyFailure e) {
            throw new Unavailable(site, e);
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

    /** The site could not be locked against the other processes, so nothing was done to it. */
    public static final class Unavailable extends DependencyFailure {
        Unavailable(SiteName site, DependencyFailure cause) {
            super(cause.dependency(), "could not lock site " + site + ": " + cause.getMessage(), cause);
        }
    }
}
