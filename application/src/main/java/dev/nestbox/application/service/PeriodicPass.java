package dev.nestbox.application.service;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pass run on a thread of its own: once at {@link #start()}, then every {@code period} after the previous one
 * ended. For the background loops that compare the store with the world (routes, machines). The pass itself must
 * not throw (a throwing pass would end the loop); each owner logs its own failures.
 */
public final class PeriodicPass implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeriodicPass.class);
    /** A pass can be waiting for a site held by a long provisioning step. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final String name;
    private final Duration period;
    private final Runnable pass;
    private ScheduledExecutorService scheduler;

    /** {@code name} names the thread ("nestbox-" + name) and the pass in the log. */
    public PeriodicPass(String name, Duration period, Runnable pass) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException(name + " period must be positive: " + period);
        }
        this.name = name;
        this.period = period;
        this.pass = pass;
    }

    public Duration period() {
        return period;
    }

    /**
     * Returns at once; the first pass starts now, but on the pass's thread: it may wait for a site's step in
     * progress, and the server must answer meanwhile.
     */
    public synchronized void start() {
        if (scheduler != null) {
            throw new IllegalStateException(name + " already started");
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "nestbox-" + name);
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(pass, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops the passes and waits (up to 5 s) for one in progress: when it returns, normally no pass runs and none
     * will, which {@link #stopped()} tells.
     */
    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                if (!scheduler.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("a {} pass was still running {} after close", name, CLOSE_WAIT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether the passes are stopped for good: after {@link #close()}, or before {@link #start()}. */
    public synchronized boolean stopped() {
        return scheduler == null || scheduler.isTerminated();
    }
}
