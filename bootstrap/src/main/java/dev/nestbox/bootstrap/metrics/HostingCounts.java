package dev.nestbox.bootstrap.metrics;

import dev.nestbox.domain.hosting.HostingStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Hostings by status, read from the store at most once per refresh interval, so frequent scrapes or several
 * scrapers do not each query the database. A store that does not answer yields nothing (the series go absent,
 * which alerts can catch) rather than failing the whole scrape.
 */
final class HostingCounts {
    private static final Logger LOG = LoggerFactory.getLogger(HostingCounts.class);

    /** Counts the stored hostings by status; may throw when the store does not answer. */
    private final Supplier<Map<HostingStatus, Long>> source;
    private final long refreshNanos;
    private Optional<Map<HostingStatus, Long>> last = Optional.empty();
    private long readAt;

    HostingCounts(Supplier<Map<HostingStatus, Long>> source, Duration refresh) {
        this.source = source;
        this.refreshNanos = refresh.toNanos();
    }

    synchronized Optional<Map<HostingStatus, Long>> current() {
        long now = System.nanoTime();
        if (last.isEmpty() || now - readAt >= refreshNanos) {
            readAt = now;
            try {
                Map<HostingStatus, Long> counts = new EnumMap<>(HostingStatus.class);
                for (HostingStatus status : HostingStatus.values()) {
                    counts.put(status, 0L);
                }
                counts.putAll(source.get());
                last = Optional.of(counts);
            } catch (RuntimeException e) {
                LOG.warn("could not count the hostings for monitoring", e);
                last = Optional.empty();
            }
        }
        return last;
    }
}
