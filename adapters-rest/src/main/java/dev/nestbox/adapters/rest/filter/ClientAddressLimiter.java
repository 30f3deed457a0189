package dev.nestbox.adapters.rest.filter;

import dev.nestbox.adapters.rest.error.ApiError;
import dev.nestbox.adapters.rest.error.ApiException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per client address on {@link RateLimited} endpoints. Behind our own nginx on loopback the
 * client is the one nginx names in X-Real-IP; anyone else's forwarding headers are ignored.
 */
@RateLimited
@Priority(Priorities.AUTHENTICATION - 50)
public final class ClientAddressLimiter implements ContainerRequestFilter {
    private static final int MAX_TRACKED_CLIENTS = 100_000;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final int perMinute;
    private final int burst;

    @Context
    private HttpServletRequest servletRequest;

    public ClientAddressLimiter(int perMinute, int burst) {
        this.perMinute = perMinute;
        this.burst = burst;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (perMinute <= 0) {
            return;
        }
        if (buckets.size() > MAX_TRACKED_CLIENTS) {
            buckets.clear();
        }
        Bucket bucket = buckets.computeIfAbsent(clientAddress(request), k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                .build());
        if (!bucket.tryConsume(1)) {
            throw new ApiException(ApiError.RATE_LIMITED, "Too many attempts; please wait a minute and try again");
        }
    }

    private String clientAddress(ContainerRequestContext request) {
        String remote = servletRequest == null ? "unknown" : servletRequest.getRemoteAddr();
        String forwarded = request.getHeaderString("X-Real-IP");
        if (forwarded != null && isLoopback(remote) && forwarded.length() <= 45) {
            return forwarded.strip();
        }
        return remote;
    }

    private static boolean isLoopback(String address) {
        return address != null && (address.startsWith("127.") || address.equals("::1")
                || address.equals("0:0:0:0:0:0:0:1"));
    }
}
