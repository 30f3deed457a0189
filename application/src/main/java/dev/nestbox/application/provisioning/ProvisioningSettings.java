package dev.nestbox.application.provisioning;

import java.time.Duration;
import java.util.Objects;

/**
 * How the provisioning worker paces itself.
 *
 * @param concurrency  hostings provisioned at once; each runs a guest booting under the hypervisor
 * @param queueSize    hostings that may wait for a slot; beyond it a request fails instead of waiting unseen
 * @param waitSlice    longest single wait for a guest's SSH or HTTP, so a deletion or a deadline is noticed soon
 * @param retryPause   pause between two probes of a guest that answered "not ready" at once
 * @param deadline     from the moment a worker takes a hosting to RUNNING (time queued does not count); past it
 *                     the hosting fails and its machine is released
 * @param closeTimeout how long {@code close()} waits for interrupted steps to return
 * @param sweepInterval how often the worker looks for pending or provisioning hostings that no worker holds (one
 *                     whose store write failed, one the queue had no room for at start) and takes them up again
 */
public record ProvisioningSettings(int concurrency, int queueSize, Duration deadline, Duration waitSlice,
                                   Duration retryPause, Duration closeTimeout, Duration sweepInterval) {
    public static final int DEFAULT_CONCURRENCY = 2;
    public static final int DEFAULT_QUEUE_SIZE = 100;
    public static final Duration DEFAULT_DEADLINE = Duration.ofMinutes(5);
    public static final Duration DEFAULT_WAIT_SLICE = Duration.ofSeconds(5);
    public static final Duration DEFAULT_RETRY_PAUSE = Duration.ofMillis(500);
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofSeconds(30);

    public ProvisioningSettings {
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(waitSlice, "waitSlice");
        Objects.requireNonNull(retryPause, "retryPause");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        Objects.requireNonNull(sweepInterval, "sweepInterval");
        if (concurrency < 1) {
            throw new IllegalArgumentException("provisioning concurrency must be at least 1: " + concurrency);
        }
        if (queueSize < 1) {
            throw new IllegalArgumentException("provisioning queue size must be at least 1: " + queueSize);
        }
        if (deadline.isNegative() || deadline.isZero() || waitSlice.isNegative() || waitSlice.isZero()) {
            throw new IllegalArgumentException("provisioning deadline and wait slice must be positive");
        }
        if (retryPause.isNegative() || closeTimeout.isNegative()) {
            throw new IllegalArgumentException("provisioning pauses must not be negative");
        }
        if (sweepInterval.isNegative() || sweepInterval.isZero()) {
            throw new IllegalArgumentException("provisioning sweep interval must be positive");
        }
    }

    public static ProvisioningSettings defaults() {
        return new ProvisioningSettings(DEFAULT_CONCURRENCY, DEFAULT_QUEUE_SIZE, DEFAULT_DEADLINE, DEFAULT_WAIT_SLICE,
                DEFAULT_RETRY_PAUSE, DEFAULT_CLOSE_TIMEOUT, DEFAULT_SWEEP_INTERVAL);
    }

    public ProvisioningSettings withConcurrency(int value) {
        return new ProvisioningSettings(value, queueSize, deadline, waitSlice, retryPause, closeTimeout, sweepInterval);
    }

    public ProvisioningSettings withDeadline(Duration value) {
        return new ProvisioningSettings(concurrency, queueSize, value, waitSlice, retryPause, closeTimeout, sweepInterval);
    }

    public ProvisioningSettings withQueueSize(int value) {
        return new ProvisioningSettings(concurrency, value, deadline, waitSlice, retryPause, closeTimeout, sweepInterval);
    }

    public ProvisioningSettings withSweepInterval(Duration value) {
        return new ProvisioningSettings(concurrency, queueSize, deadline, waitSlice, retryPause, closeTimeout, value);
    }
}
