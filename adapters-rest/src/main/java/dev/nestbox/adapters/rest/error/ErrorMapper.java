package dev.nestbox.adapters.rest.error;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.nestbox.adapters.rest.dto.ErrorResponse;
import dev.nestbox.adapters.rest.security.PasswordHashingBusy;
import dev.nestbox.application.port.out.DependencyFailure;
import dev.nestbox.domain.InvalidValueException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The one place where anything thrown becomes {@code {"success": false, "error": {...}}} with its status.
 * Unexpected failures are logged with their stack trace and an error id; the client only gets the id.
 */
public final class ErrorMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    @Override
    public Response toResponse(Throwable thrown) {
        Throwable cause = unwrap(thrown);
        if (cause instanceof ApiException api) {
            Response response = respond(api.error(), api.getMessage(), api.field(), null);
            return api.retryAfter().map(wait -> withRetryAfter(response, wait)).orElse(response);
        }
        if (cause instanceof PasswordHashingBusy busy) {
            // The server is saturated, not the client abusive: 503, as RFC 9110 has it for temporary overload.
            return withRetryAfter(respond(ApiError.SERVICE_UNAVAILABLE,
                    "The server is busy checking other passwords; please try again in a moment", null, null),
                    busy.retryAfter());
        }
        if (cause instanceof InvalidValueException invalid) {
            return respond(ApiError.INVALID_INPUT, invalid.getMessage(), invalid.field(), null);
        }
        if (cause instanceof JsonParseException || cause instanceof com.fasterxml.jackson.core.io.JsonEOFException) {
            return respond(ApiError.INVALID_JSON, "The request body is not valid JSON", null, null);
        }
        if (cause instanceof JsonMappingException mapping) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            return field.isEmpty()
                    ? respond(ApiError.INVALID_INPUT, "The request body must be a JSON object", null, null)
                    : respond(ApiError.INVALID_INPUT, field + " has the wrong type", field, null);
        }
        if (cause instanceof JsonProcessingException) {
            return respond(ApiError.INVALID_JSON, "The request body is not valid JSON", null, null);
        }
        if (cause instanceof DependencyFailure failure) {
            String id = errorId();
            LOG.error("{} unavailable [error_id={}]", failure.dependency(), id, failure);
            return respond(ApiError.SERVICE_UNAVAILABLE,
                    "The " + failure.dependency() + " is unavailable right now; please try again in a minute",
                    null, id);
        }
        if (cause instanceof WebApplicationException web) {
            return fromJersey(web);
        }
        String id = errorId();
        LOG.error("Unexpected failure [error_id={}]", id, thrown);
        return respond(ApiError.INTERNAL_ERROR,
                "Something went wrong on our side; quote error id " + id + " if you contact support", null, id);
    }

    private Response fromJersey(WebApplicationException web) {
        if (web instanceof NotFoundException) {
            return respond(ApiError.NOT_FOUND, "No such resource", null, null);
        }
        if (web instanceof NotAllowedException notAllowed) {
            Response response = respond(ApiError.METHOD_NOT_ALLOWED, "Method not allowed on this resource", null, null);
            String allow = notAllowed.getResponse().getHeaderString(HttpHeaders.ALLOW);
            return allow == null ? response : Response.fromResponse(response).header(HttpHeaders.ALLOW, allow).build();
        }
        if (web instanceof NotSupportedException) {
            return respond(ApiError.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json", null, null);
        }
        if (web instanceof NotAcceptableException) {
            return respond(ApiError.NOT_ACCEPTABLE, "This resource answers in application/json", null, null);
        }
        int status = web.getResponse().getStatus();
        if (status == 413) {
            return respond(ApiError.PAYLOAD_TOO_LARGE, "The request body is too large", null, null);
        }
        if (status >= 500) {
            String id = errorId();
            LOG.error("Server error [error_id={}]", id, web);
            return respond(ApiError.INTERNAL_ERROR,
                    "Something went wrong on our side; quote error id " + id + " if you contact support", null, id);
        }
        if (status == 401) {
            return respond(ApiError.UNAUTHORIZED, "Sign in first: a valid bearer token is required", null, null);
        }
        if (status == 403) {
            return respond(ApiError.FORBIDDEN, "Forbidden", null, null);
        }
        if (status == 404) {
            return respond(ApiError.NOT_FOUND, "No such resource", null, null);
        }
        return respond(ApiError.INVALID_INPUT, "The request could not be understood", null, null);
    }

    /** Jersey and Jackson wrap what readers throw; the interesting exception is inside. */
    private static Throwable unwrap(Throwable thrown) {
        Throwable current = thrown;
        for (int depth = 0; depth < 10 && current.getCause() != null; depth++) {
            if (current instanceof ProcessingException || current instanceof java.io.UncheckedIOException
                    || (current instanceof java.io.IOException && !(current instanceof JsonProcessingException))) {
                current = current.getCause();
            } else {
                break;
            }
        }
        return current;
    }

    public static Response respond(ApiError error, String message, String field, String errorId) {
        Response.ResponseBuilder builder = Response.status(error.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorResponse.of(error.name(), message, field, errorId));
        if (error == ApiError.UNAUTHORIZED || error == ApiError.INVALID_CREDENTIALS) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"nestbox\"");
        }
        return builder.build();
    }

    /** Retry-After in whole seconds, rounded up and at least 1, so that retrying then can succeed. */
    private static Response withRetryAfter(Response response, Duration wait) {
        long millis = Math.max(0, wait.toMillis());
        long seconds = Math.max(1, (millis + 999) / 1000);
        return Response.fromResponse(response).header("Retry-After", Long.toString(seconds)).build();
    }

    private static String errorId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
