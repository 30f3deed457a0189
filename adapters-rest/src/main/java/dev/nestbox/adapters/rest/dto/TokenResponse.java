package dev.nestbox.adapters.rest.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

public record TokenResponse(@JsonProperty("success") boolean success, @JsonProperty("token") String token) {
}
