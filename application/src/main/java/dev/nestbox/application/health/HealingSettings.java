package dev.nestbox.application.health;

import java.time.Duration;
import java.util.Objects;

/**
 * How the machine healer paces itself.
 *
 * @param period       how often running hostings are compared with their machines
 * @param maxRestarts  failed attempts to start a stopped machine before its hosting is failed
 * @param firstBackoff wait after the first failed attempt; it doubles after each further one
 */
public record HealingSettings(Duration period, int maxRestarts, Duration firstBackoff) {
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_RESTARTS = 3;
    public static final Duration DEFAULT_FIRST_BACKOFF = Duration.ofSeconds(30);
    /**
     * A paused machine is left alone this long before it is resumed: a backup pauses one for the copy of its disk
     * (milliseconds to seconds), an administrator on purpose; the hypervisor pauses one on a disk error, which a
     * resume retries once there is room again.
     */
    public static final Duration PAUSE_GRACE = Duration.ofMinutes(5);

    public HealingSettings {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(firstBackoff, "firstBackoff");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("healing period must be positive: " + period);
        }
        if (maxRestarts < 1) {
            throw new IllegalArgumentException("healing needs at least one restart attempt: " + maxRestarts);
        }
        if (firstBackoff.isNegative()) {
            throw new IllegalArgumentException("healing backoff must not be negative: " + firstBackoff);
        }
    }

    public static HealingSettings defaults() {
        return new HealingSettings(DEFAULT_PERIOD, DEFAULT_MAX_RESTARTS, DEFAULT_FIRST_BACKOFF);
    }

    public HealingSettings withPeriod(Duration value) {
        return new HealingSettings(value, maxRestarts, firstBackoff);
    }

    /** The wait after {@code failures} failed attempts: the first backoff, doubled for each one after the first. */
    Duration backoffAfter(int failures) {
        int doublings = Math.min(Math.max(failures - 1, 0), 16);
        return firstBackoff.multipliedBy(1L << doublings);
    }
}
