package dev.nestbox.adapters.rest.error;

import java.time.Duration;
import java.util.Optional;

/** A refusal the REST edge decided on itself (bad body, too large, rate limited, not authenticated). */
public final class ApiException extends RuntimeException {
    private final ApiError error;
    private final String field;
    private final Duration retryAfter;

    public ApiException(ApiError error, String message) {
        this(error, message, null);
    }

    public ApiException(ApiError error, String message, String field) {
        this(error, message, field, null);
    }

    private ApiException(ApiError error, String message, String field, Duration retryAfter) {
        super(message, null, false, false);
        this.error = error;
        this.field = field;
        this.retryAfter = retryAfter;
    }

    /** A refusal that the same request will not meet after {@code retryAfter}: answered with Retry-After. */
    public static ApiException retryLater(ApiError error, String message, Duration retryAfter) {
        return new ApiException(error, message, null, retryAfter);
    }

    public ApiError error() {
        return error;
    }

    public String field() {
        return field;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
