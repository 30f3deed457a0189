package dev.nestbox.adapters.rest.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

public record MessageResponse(@JsonProperty("success") boolean success, @JsonProperty("message") String message) {
    public static MessageResponse ok(String message) {
        return new MessageResponse(true, message);
    }
}
