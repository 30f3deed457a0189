package dev.nestbox.adapters.rest.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

@JsonIgnoreProperties(ignoreUnknown = true)
public record RegisterRequest(@JsonProperty("email") String email,
                              @JsonProperty("password") String password,
                              @JsonProperty("username") String username) {
    @Override
    public String toString() {
        return "RegisterRequest[email=" + email + ", username=" + username + ", password=***]";
    }
}
