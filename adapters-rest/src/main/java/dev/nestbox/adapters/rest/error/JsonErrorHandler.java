package dev.nestbox.adapters.rest.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nestbox.adapters.rest.requestid.RequestIds;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * Errors Jetty answers itself, before Jersey sees the request (a malformed or ambiguous URI, headers too large),
 * still come back as the API's JSON envelope, never as an HTML page. The code and message come from
 * {@link ErrorMapper#beforeRouting}; the status stays the one Jetty chose.
 */
public final class JsonErrorHandler extends ErrorHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    public JsonErrorHandler() {
        setShowStacks(false);
        setShowMessageInTitle(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        String requestId = RequestIds.currentOr(request.getHeaders().get(RequestIds.HEADER));
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(ErrorMapper.beforeRouting(code, cause, requestId));
        } catch (JsonProcessingException e) {
            callback.failed(e);
            return;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(RequestIds.HEADER, requestId);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
