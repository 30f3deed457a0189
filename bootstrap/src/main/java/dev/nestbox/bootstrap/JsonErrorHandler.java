package dev.nestbox.bootstrap;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Errors Jetty answers itself, before Jersey sees the request (a malformed or ambiguous URI, headers too large),
 * still come back as the API's JSON envelope, never as an HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
    JsonErrorHandler() {
        setShowStacks(false);
        setShowMessageInTitle(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        String errorCode = switch (code) {
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 414, 431 -> "REQUEST_TOO_LARGE";
            default -> code >= 500 ? "INTERNAL_ERROR" : "INVALID_REQUEST";
        };
        String text = code >= 500 ? "Something went wrong on our side" : "The request could not be processed";
        String body = "{\"success\":false,\"error\":{\"code\":\"" + errorCode + "\",\"message\":\"" + text + "\"}}";
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
