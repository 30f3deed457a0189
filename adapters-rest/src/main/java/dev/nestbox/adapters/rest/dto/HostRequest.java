package dev.nestbox.adapters.rest.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The optional body of POST /host: the user's own public key, and a plan (GET /plans) other than the default. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HostRequest(@JsonProperty("ssh_public_key") String sshPublicKey, @JsonProperty("plan") String plan) {
}
