package dev.nestbox.adapters.rest.error;

/**
 * Every error code the API answers with, its HTTP status, and what it says when nothing more specific is known.
 * README.md's error-code table lists exactly these (a test compares the two).
 */
public enum ApiError {
    INVALID_INPUT(400, "A field of the request is not valid"),
    INVALID_JSON(400, "The request body is not valid JSON"),
    /** Refused before any resource read it: a malformed URI or header. */
    INVALID_REQUEST(400, "The request could not be understood"),
    UNAUTHORIZED(401, "Sign in first: a valid, unexpired bearer token is required"),
    INVALID_CREDENTIALS(401, "Wrong email or password"),
    FORBIDDEN(403, "Forbidden"),
    NOT_FOUND(404, "No such resource"),
    METHOD_NOT_ALLOWED(405, "Method not allowed on this resource"),
    NOT_ACCEPTABLE(406, "This resource answers in application/json"),
    EMAIL_TAKEN(409, "An account with this email already exists"),
    HOSTING_EXISTS(409, "You already have a hosting; delete it to create a new one"),
    /** The site name a user would get still has an earlier site's machine, disk or seed on the host. */
    SITE_NAME_HAS_LEFTOVERS(409, "Your site name still holds an earlier site's files; an administrator must"
            + " remove them before it can be used again"),
    PAYLOAD_TOO_LARGE(413, "The request body is too large"),
    /** The URI (414) or the headers (431) are longer than the server reads; answered with the status Jetty chose. */
    REQUEST_TOO_LARGE(431, "The request's URI or headers are too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Send the body as application/json"),
    RATE_LIMITED(429, "Too many requests; please wait and try again"),
    INTERNAL_ERROR(500, "Something went wrong on our side"),
    CAPACITY_EXHAUSTED(503, "No capacity for a new site right now; please try again later"),
    PLAN_UNAVAILABLE(503, "This plan cannot be provided on this host right now"),
    SERVICE_UNAVAILABLE(503, "The service is unavailable right now; please try again in a minute");

    private final int status;
    private final String message;

    ApiError(int status, String message) {
        this.status = status;
        this.message = message;
    }

    public int status() {
        return status;
    }

    /** What the answer says when the code is all that is known (a status Jetty or Jersey chose). */
    public String defaultMessage() {
        return message;
    }

    /** The code of an error whose status something else chose: Jetty before routing, or Jersey itself. */
    public static ApiError forStatus(int status) {
        return switch (status) {
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 414, 431 -> REQUEST_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> RATE_LIMITED;
            case 503 -> SERVICE_UNAVAILABLE;
            default -> status >= 500 ? INTERNAL_ERROR : INVALID_REQUEST;
        };
    }
}
