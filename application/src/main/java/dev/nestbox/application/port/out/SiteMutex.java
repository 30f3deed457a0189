package dev.nestbox.application.port.out;

import dev.nestbox.domain.hosting.SiteName;

/**
 * Mutual exclusion per site across every process that shares the store (the server, the admin console, a second
 * server), so a step of one and a teardown of another never interleave. {@code SiteLocks} puts an in-process lock
 * in front of it: one thread per process at a time asks for a site, and never twice for the same site.
 */
public interface SiteMutex {
    /**
     * Blocks until no other holder has {@code site}; the answer releases it when closed.
     *
     * @throws DependencyFailure when the site could not be locked (the store is unreachable, or another process
     *                           held the site for longer than the implementation is willing to wait)
     */
    Held acquire(SiteName site);

    /** A site held. Closing it never throws: a release that fails must leave the site free (its session gone). */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** No process but this one: the in-process lock in front is all there is (tests, a single process). */
    static SiteMutex processOnly() {
        return site -> () -> { };
    }
}
