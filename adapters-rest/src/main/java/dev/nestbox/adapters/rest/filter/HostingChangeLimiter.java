package dev.nestbox.adapters.rest.filter;

import dev.nestbox.adapters.rest.error.ApiError;
import dev.nestbox.adapters.rest.error.ApiException;
import io.github.bucket4j.Bucket;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;

import java.security.Principal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Limits {@link HostingChangeLimited} requests (POST and DELETE /host), each method counted on its own: per
 * account and hour, so that one account's create/delete loop cannot churn the provisioning queue, and for all
 * accounts together per minute, so that many accounts cannot either. Runs after authentication: the account
 * is known, and a request without a valid token never reaches (or drains) a bucket.
 */
@HostingChangeLimited
@Priority(Priorities.AUTHORIZATION)
public final class HostingChangeLimiter implements ContainerRequestFilter {
    private final TokenBuckets perAccount;
    private final Map<String, Bucket> everyone;

    /**
     * @param perAccountPerHour changes of each kind one account may make per hour (0: unlimited)
     * @param globalPerMinute   changes of each kind all accounts together may make per minute (0: unlimited)
     */
    public HostingChangeLimiter(int perAccountPerHour, int globalPerMinute) {
        this.perAccount = perAccountPerHour <= 0 ? null : new TokenBuckets(perAccountPerHour, perAccountPerHour,
                Duration.ofHours(1), TokenBuckets.DEFAULT_MAX_KEYS);
        this.everyone = globalPerMinute <= 0 ? Map.of() : Map.of(
                "POST", TokenBuckets.bucket(globalPerMinute, globalPerMinute, Duration.ofMinutes(1)),
                "DELETE", TokenBuckets.bucket(globalPerMinute, globalPerMinute, Duration.ofMinutes(1)));
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Principal user = request.getSecurityContext().getUserPrincipal();
        if (user == null) {
            return;
        }
        String method = request.getMethod();
        // The account first: an account over its own limit must not use up everyone's.
        if (perAccount != null) {
            perAccount.take(method + " " + user.getName()).ifPresent(wait -> {
                throw ApiException.retryLater(ApiError.RATE_LIMITED, "Your account has " + verb(method)
                        + " hostings too often; please try again in " + minutes(wait), wait);
            });
        }
        Bucket shared = everyone.get(method);
        if (shared != null) {
            Optional<Duration> wait = TokenBuckets.take(shared);
            if (wait.isPresent()) {
                throw ApiException.retryLater(ApiError.RATE_LIMITED, "Many hostings are being "
                        + verb(method) + " right now; please try again in a minute", wait.get());
            }
        }
    }

    private static String verb(String method) {
        return "DELETE".equals(method) ? "deleted" : "created";
    }

    private static String minutes(Duration wait) {
        long minutes = Math.max(1, (wait.toSeconds() + 59) / 60);
        return minutes == 1 ? "a minute" : minutes + " minutes";
    }
}
