package dev.nestbox.adapters.rest.error;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.nestbox.adapters.rest.dto.ErrorResponse;
import dev.nestbox.adapters.rest.requestid.RequestIds;
import dev.nestbox.adapters.rest.security.PasswordHashingBusy;
import dev.nestbox.application.port.out.DependencyFailure;
import dev.nestbox.domain.InvalidValueException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.stream.Collectors;

/**
 * The one place where anything thrown becomes {@code {"success": false, "error": {...}}} with its status: the
 * resources' and filters' {@link ApiException}s, the adapters' {@link DependencyFailure}s, Jackson's and
 * Jersey's refusals, and (through {@link #beforeRouting}) what Jetty refuses before Jersey sees the request.
 * Every envelope carries the request's id ({@link RequestIds}) as its {@code error_id}; unexpected failures are
 * logged with their stack trace under that id, and the client only gets the id.
 */
public final class ErrorMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    @Override
    public Response toResponse(Throwable thrown) {
        Throwable cause = unwrap(thrown);
        if (cause instanceof ApiException api) {
            Response response = respond(api.error(), api.getMessage(), api.field());
            return api.retryAfter().map(wait -> withRetryAfter(response, wait)).orElse(response);
        }
        if (cause instanceof PasswordHashingBusy busy) {
            // The server is saturated, not the client abusive: 503, as RFC 9110 has it for temporary overload.
            return withRetryAfter(respond(ApiError.SERVICE_UNAVAILABLE,
                    "The server is busy checking other passwords; please try again in a moment", null),
                    busy.retryAfter());
        }
        if (cause instanceof InvalidValueException invalid) {
            return respond(ApiError.INVALID_INPUT, invalid.getMessage(), invalid.field());
        }
        if (cause instanceof JsonParseException || cause instanceof com.fasterxml.jackson.core.io.JsonEOFException) {
            return respond(ApiError.INVALID_JSON, ApiError.INVALID_JSON.defaultMessage(), null);
        }
        if (cause instanceof JsonMappingException mapping) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            return field.isEmpty()
                    ? respond(ApiError.INVALID_INPUT, "The request body must be a JSON object", null)
                    : respond(ApiError.INVALID_INPUT, field + " has the wrong type", field);
        }
        if (cause instanceof JsonProcessingException) {
            return respond(ApiError.INVALID_JSON, ApiError.INVALID_JSON.defaultMessage(), null);
        }
        if (cause instanceof DependencyFailure failure) {
            String id = RequestIds.current();
            LOG.error("{} unavailable [error_id={}]", failure.dependency(), id, failure);
            return respond(ApiError.SERVICE_UNAVAILABLE,
                    "The " + failure.dependency() + " is unavailable right now; please try again in a minute",
                    null, id);
        }
        if (cause instanceof WebApplicationException web) {
            return fromJersey(web);
        }
        return internalError(thrown, "Unexpected failure");
    }

    /**
     * The envelope of an error Jetty answers itself, before any filter or resource saw the request (a malformed
     * URI, headers too large): the code for the status Jetty chose, and its default message.
     *
     * @param requestId the request's id, {@link RequestIds#currentOr} of its header
     */
    public static ErrorResponse beforeRouting(int status, Throwable cause, String requestId) {
        ApiError error = ApiError.forStatus(status);
        if (error == ApiError.INTERNAL_ERROR) {
            LOG.error("Server error before routing, status {} [error_id={}]", status, requestId, cause);
            return ErrorResponse.of(error.name(), internalMessage(requestId), null, requestId);
        }
        return ErrorResponse.of(error.name(), error.defaultMessage(), null, requestId);
    }

    /** Jersey's own refusals (no such resource or method, wrong media type) by the status it chose. */
    private Response fromJersey(WebApplicationException web) {
        int status = web.getResponse().getStatus();
        ApiError error = ApiError.forStatus(status);
        if (error == ApiError.INTERNAL_ERROR) {
            return internalError(web, "Server error");
        }
        Response response = respond(error, error.defaultMessage(), null);
        String allow = web.getResponse().getHeaderString(HttpHeaders.ALLOW);
        if (web instanceof NotAllowedException && allow != null) {
            return Response.fromResponse(response).header(HttpHeaders.ALLOW, allow).build();
        }
        return response;
    }

    private static Response internalError(Throwable thrown, String what) {
        String id = RequestIds.current();
        LOG.error("{} [error_id={}]", what, id, thrown);
        return respond(ApiError.INTERNAL_ERROR, internalMessage(id), null, id);
    }

    private static String internalMessage(String id) {
        return ApiError.INTERNAL_ERROR.defaultMessage() + "; quote error id " + id + " if you contact support";
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

    private static Response respond(ApiError error, String message, String field) {
        return respond(error, message, field, RequestIds.current());
    }

    private static Response respond(ApiError error, String message, String field, String errorId) {
        Response.ResponseBuilder builder = Response.status(error.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorResponse.of(error.name(), message, field, errorId));
        if (error.status() == 401) {
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
}
