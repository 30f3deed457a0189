package dev.nestbox.adapters.rest.filter;

import dev.nestbox.adapters.rest.error.ApiError;
import dev.nestbox.adapters.rest.error.ApiException;
import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;

import java.time.Duration;
import java.util.Optional;

/**
 * A token bucket per client address on {@link RateLimited} endpoints. Behind our own nginx on loopback the
 * client is the one nginx names in X-Real-IP; anyone else's forwarding headers are ignored.
 */
@RateLimited
@Priority(Priorities.AUTHENTICATION - 50)
public final class ClientAddressLimiter implements ContainerRequestFilter {
    private final TokenBuckets buckets;

    @Context
    private HttpServletRequest servletRequest;

    /** @param perMinute attempts per address and minute, 0 for no limit; @param burst attempts at once */
    public ClientAddressLimiter(int perMinute, int burst) {
        this(perMinute, burst, TokenBuckets.DEFAULT_MAX_KEYS);
    }

    ClientAddressLimiter(int perMinute, int burst, long maxAddresses) {
        this.buckets = perMinute <= 0 ? null
                : new TokenBuckets(burst, perMinute, Duration.ofMinutes(1), maxAddresses);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        attempt(clientAddress(request)).ifPresent(wait -> {
            throw ApiException.retryLater(ApiError.RATE_LIMITED,
                    "Too many attempts; please wait a minute and try again", wait);
        });
    }

    /** Counts an attempt of {@code address}: empty when allowed, else how long it must wait. */
    Optional<Duration> attempt(String address) {
        return buckets == null ? Optional.empty() : buckets.take(address);
    }

    long trackedAddresses() {
        return buckets == null ? 0 : buckets.trackedKeys();
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
