package dev.nestbox.adapters.postgres;

import dev.nestbox.application.port.out.SiteMutex;
import dev.nestbox.domain.hosting.SiteName;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A site held across processes by a transaction-level advisory lock, {@code pg_advisory_xact_lock(SITES,
 * hashtext(site))}, in a transaction kept open on its own connection while the site is held. Ending the transaction
 * releases it; so does losing the connection, as PostgreSQL ends the session's transaction with it, so a crashed or
 * cut-off holder never leaves a site locked. Two sites whose names hash alike merely wait for each other.
 *
 * <p>Each held site keeps one pooled connection busy, so at most {@code maxHeld} are held at once by this process;
 * further holders wait in line for one, and never take the connections the other requests need.
 */
final class PostgresSiteMutex implements SiteMutex {
    /** The first key of every site lock: "nest" in ASCII, so other advisory locks on the database never collide. */
    static final int SITES = 0x6e657374;
    private static final Logger LOG = LoggerFactory.getLogger(PostgresSiteMutex.class);
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private final Jdbi jdbi;
    private final Semaphore connections;
    private final Duration longestWait;

    PostgresSiteMutex(Jdbi jdbi, int maxHeld, Duration longestWait) {
        if (maxHeld < 1) {
            throw new IllegalArgumentException("at least one site must be lockable at a time: " + maxHeld);
        }
        if (longestWait.toMillis() < 1) {
            throw new IllegalArgumentException("the longest wait for a site must be positive: " + longestWait);
        }
        this.jdbi = jdbi;
        this.connections = new Semaphore(maxHeld, true);
        this.longestWait = longestWait;
    }

    @Override
    public Held acquire(SiteName site) {
        try {
            connections.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PostgresUnavailable("interrupted while waiting for a connection to lock site " + site, e);
        }
        Optional<Handle> handle = Optional.empty();
        try {
            handle = Optional.of(jdbi.open());
            Handle open = handle.get();
            open.begin();
            // SET LOCAL ends with the transaction, so the pooled connection goes back as it came.
            open.execute("SET LOCAL lock_timeout = " + longestWait.toMillis());
            open.createQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(:sites, hashtext(:site))) AS locked")
                    .bind("sites", SITES)
                    .bind("site", site.value())
                    .mapTo(Integer.class)
                    .one();
            return new Lock(site, open);
        } catch (RuntimeException e) {
            handle.ifPresent(h -> end(site, h));
            connections.release();
            if (Database.sqlCause(e).map(SQLException::getSQLState).filter(LOCK_NOT_AVAILABLE::equals).isPresent()) {
                throw new PostgresUnavailable("site " + site + " has been busy in another Nestbox process for more"
                        + " than " + longestWait.toSeconds() + " s; try again later", e);
            }
            throw Database.unavailable("lock site " + site, e);
        }
    }

    /** Ends the transaction, which releases the lock; a connection that cannot is gone, and its lock with it. */
    private static void end(SiteName site, Handle handle) {
        try {
            if (handle.isInTransaction()) {
                handle.rollback();
            }
        } catch (RuntimeException e) {
            LOG.warn("could not end the lock of site {} (its connection is lost, which released it); the work done "
                    + "under it may have overlapped another process's", site, e);
            try {
                handle.getConnection().abort(Runnable::run);
            } catch (SQLException | RuntimeException ignored) {
                // Already gone: nothing holds the lock any more.
            }
        } finally {
            try {
                handle.close();
            } catch (RuntimeException e) {
                LOG.debug("closing the lock connection of site {} failed", site, e);
            }
        }
    }

    private final class Lock implements Held {
        private final SiteName site;
        private final Handle handle;
        private final AtomicBoolean closed = new AtomicBoolean();

        Lock(SiteName site, Handle handle) {
            this.site = site;
            this.handle = handle;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                try {
                    end(site, handle);
                } finally {
                    connections.release();
                }
            }
        }
    }
}
