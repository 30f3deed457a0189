package dev.nestbox.adapters.rest.filter;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import java.time.Duration;
import java.util.Optional;

/**
 * One token bucket per key (a client address, an account) in a map of bounded size. A bucket idle for as long
 * as it takes to refill completely is forgotten: it would be full again anyway, so forgetting it resets
 * nothing. When the map is full, Caffeine's frequency-aware eviction drops keys seen once (a flood of new
 * addresses) before keys that keep coming back (an active attacker), so flooding does not buy a fresh bucket.
 */
final class TokenBuckets {
    static final long DEFAULT_MAX_KEYS = 100_000;
    private final Cache<String, Bucket> buckets;
    private final long capacity;
    private final long refillTokens;
    private final Duration refillPeriod;

    /**
     * @param capacity     tokens a fresh bucket holds (the burst)
     * @param refillTokens tokens added back every {@code refillPeriod}, spread evenly
     * @param maxKeys      buckets kept at most
     */
    TokenBuckets(long capacity, long refillTokens, Duration refillPeriod, long maxKeys) {
        if (capacity < 1 || refillTokens < 1 || maxKeys < 1) {
            throw new IllegalArgumentException("capacity, refill and maxKeys must be positive");
        }
        this.capacity = capacity;
        this.refillTokens = refillTokens;
        this.refillPeriod = refillPeriod;
        Duration untilFull = refillPeriod.multipliedBy(capacity).dividedBy(refillTokens);
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxKeys)
                .expireAfterAccess(untilFull.plusSeconds(1))
                // Maintenance on the caller's thread: cheap, and no background work to reason about.
                .executor(Runnable::run)
                .build();
    }

    /** Takes one token from {@code key}'s bucket; empty when taken, else how long until one is free. */
    Optional<Duration> take(String key) {
        return take(buckets.get(key, k -> bucket(capacity, refillTokens, refillPeriod)));
    }

    long trackedKeys() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    static Bucket bucket(long capacity, long refillTokens, Duration refillPeriod) {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(refillTokens, refillPeriod).build())
                .build();
    }

    static Optional<Duration> take(Bucket bucket) {
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }
}
