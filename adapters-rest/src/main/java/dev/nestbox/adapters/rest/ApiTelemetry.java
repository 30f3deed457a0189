package dev.nestbox.adapters.rest;

/**
 * What the REST edge tells monitoring about each answer. Labels come from small fixed sets: a route is the matched
 * resource template (never the raw path), an outcome one of {@link RequestMetrics}'s. Implementations must be quick
 * and must not throw: they run on the request's thread.
 */
public interface ApiTelemetry {
    /** Records nothing. */
    ApiTelemetry NONE = new ApiTelemetry() {
    };

    /** Answered {@code method} {@code route} with {@code status}. */
    default void answered(String method, String route, int status) {
    }

    /** A log-in attempt ended with {@code outcome}: ok, bad_credentials, rate_limited, busy, invalid or error. */
    default void loggedIn(String outcome) {
    }

    /** A request to {@code route} was refused by a rate limit (429). */
    default void rateLimited(String route) {
    }
}
