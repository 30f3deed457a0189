package dev.nestbox.adapters.rest.error;

/** A refusal the REST edge decided on itself (bad body, too large, rate limited, not authenticated). */
public final class ApiException extends RuntimeException {
    private final ApiError error;
    private final String field;

    public ApiException(ApiError error, String message) {
        this(error, message, null);
    }

    public ApiException(ApiError error, String message, String field) {
        super(message, null, false, false);
        this.error = error;
        this.field = field;
    }

    public ApiError error() {
        return error;
    }

    public String field() {
        return field;
    }
}
