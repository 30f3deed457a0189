package dev.nestbox.adapters.rest.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code {"success": false, "error": {"code", "message", "field"?, "error_id"?}}} */
public record ErrorResponse(@JsonProperty("success") boolean success, @JsonProperty("error") Body error) {

    public static ErrorResponse of(String code, String message, String field, String errorId) {
        return new ErrorResponse(false, new Body(code, message, field, errorId));
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Body(@JsonProperty("code") String code,
                       @JsonProperty("message") String message,
                       @JsonProperty("field") String field,
                       @JsonProperty("error_id") String errorId) {
    }
}
