package dev.nestbox.adapters.rest.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * data of POST /host; {@code ssh_private_key} only when the platform generated the key pair. {@code start} says how
 * the machine comes up: {@code "warm"} when a booted spare of the warm pool was taken (the site serves within
 * seconds), {@code "cold"} when it boots now.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HostCreated(@JsonProperty("vm_id") String vmId,
                          @JsonProperty("web_url") String webUrl,
                          @JsonProperty("ssh_port") int sshPort,
                          @JsonProperty("ssh_command") String sshCommand,
                          @JsonProperty("sftp_command") String sftpCommand,
                          @JsonProperty("status") String status,
                          @JsonProperty("ssh_private_key") String sshPrivateKey,
                          @JsonProperty("plan") String plan,
                          @JsonProperty("start") String start) {
    @Override
    public String toString() {
        return "HostCreated[" + vmId + "]";
    }
}
