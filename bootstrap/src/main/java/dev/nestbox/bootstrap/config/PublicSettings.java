package dev.nestbox.bootstrap.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;

public class PublicSettings {
    /** Where users open the dashboard and call the API. */
    @NotBlank @JsonProperty public String panelUrl = "http://127.0.0.1:8080";
    /** Sites live at {@code <sitesUrl>/<site>/} (or {@code <site>.<host>} with subdomains). */
    @NotBlank @JsonProperty public String sitesUrl = "http://127.0.0.1:8088";
    @JsonProperty public boolean subdomains = false;
    /** The host name users put in {@code ssh -p <port> web@<sshHost>}. */
    @NotBlank @JsonProperty public String sshHost = "127.0.0.1";
}
