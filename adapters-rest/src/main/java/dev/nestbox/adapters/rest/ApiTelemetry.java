package dev.nestbox.adapters.rest;

import java.util.List;

/**
 * What the REST edge tells monitoring about each answer. Labels come from small fixed sets: a route is the matched
 * resource template (never the raw path), an outcome one of {@link #LOGIN_OUTCOMES}. Implementations must be quick
 * and must not throw: they run on the request's thread.
 */
public interface ApiTelemetry {
    /** Records nothing. */
    ApiTelemetry NONE = new ApiTelemetry() {
    };

    /** Every outcome {@link #loggedIn} is told. */
    List<String> LOGIN_OUTCOMES = List.of("ok", "bad_credentials", "rate_limited", "busy", "invalid", "error");

    /** Answered {@code method} {@code route} with {@code status}. */
    default void answered(String method, String route, int status) {
    }

    /** A log-in attempt ended with {@code outcome}, one of {@link #LOGIN_OUTCOMES}. */
    default void loggedIn(String outcome) {
    }

    /** A request to {@code route} was refused by a rate limit (429). */
    default void rateLimited(String route) {
    }
}
