package dev.nestbox.adapters.rest.error;

/** Every error code the API answers with, and its HTTP status. */
public enum ApiError {
    INVALID_INPUT(400),
    INVALID_JSON(400),
    UNAUTHORIZED(401),
    INVALID_CREDENTIALS(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    NOT_ACCEPTABLE(406),
    EMAIL_TAKEN(409),
    HOSTING_EXISTS(409),
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    RATE_LIMITED(429),
    INTERNAL_ERROR(500),
    CAPACITY_EXHAUSTED(503),
    SERVICE_UNAVAILABLE(503);

    private final int status;

    ApiError(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }
}
