package dev.nestbox.application.port.in;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What checking running hostings against their machines has come to since the server started: machines found
 * stopped and started again, hostings failed because their machine was gone or would not start, and the latest of
 * those events in words. {@code checkedAt} is empty until a check completed.
 */
public record HealingReport(long restarted, long failed, Optional<String> lastEvent, Optional<Instant> checkedAt) {
    public HealingReport {
        Objects.requireNonNull(lastEvent, "lastEvent");
        Objects.requireNonNull(checkedAt, "checkedAt");
        if (restarted < 0 || failed < 0) {
            throw new IllegalArgumentException("healing counts cannot be negative");
        }
    }
}
