package dev.nestbox.bootstrap.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.util.List;

public class ProxyConfig {
    @NotBlank @JsonProperty public String httpRoutesDir = "/etc/nginx/nestbox/sites";
    @NotBlank @JsonProperty public String streamRoutesDir = "/etc/nginx/nestbox/ssh";
    @NotNull @JsonProperty public List<String> testCommand = List.of("nginx", "-t", "-q");
    @NotNull @JsonProperty public List<String> reloadCommand = List.of("nginx", "-s", "reload");
    @JsonProperty public String pidFile = "/run/nginx.pid";
    /** Address the per-site SSH ports listen on; "*" for all. */
    @NotBlank @JsonProperty public String sshListenAddress = "*";
    @Min(1) @Max(65535) @JsonProperty public int guestHttpPort = 80;
    @Min(1) @Max(65535) @JsonProperty public int guestSshPort = 22;
    @NotBlank @JsonProperty public String clientMaxBodySize = "64m";
    @NotNull @JsonProperty public Duration sshIdleTimeout = Duration.hours(2);
    /** Both origins on one host and port; user sites could then read dashboard tokens. Logged as a warning. */
    @JsonProperty public boolean singleOrigin = false;
}
