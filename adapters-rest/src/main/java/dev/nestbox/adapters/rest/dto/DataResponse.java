package dev.nestbox.adapters.rest.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

public record DataResponse<T>(@JsonProperty("success") boolean success, @JsonProperty("data") T data) {
    public static <T> DataResponse<T> ok(T data) {
        return new DataResponse<>(true, data);
    }
}
