package dev.nestbox.bootstrap.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * Nestbox runs an nginx of its own ({@code nginx -p <nginxDir> -c <nginxDir>/nginx.conf}), whose main
 * configuration {@code java -jar nestbox.jar render-nginx config.yml} writes: the sites origin, the panel origin
 * and the SSH ports. Host names come from {@code public.sitesUrl} and {@code public.panelUrl}.
 */
public class ProxyConfig {
    /** nginx's prefix: nginx.conf, sites/ and ssh/ (our per-site files), run/ (pid, logs, buffers). */
    @NotBlank @JsonProperty public String nginxDir = "/var/lib/nestbox/nginx";
    /** Address both origins listen on; "*" for all. */
    @NotBlank @JsonProperty public String listenAddress = "*";
    @Min(1) @Max(65535) @JsonProperty public int sitesPort = 8088;
    @Min(1) @Max(65535) @JsonProperty public int sitesTlsPort = 8443;
    @Min(1) @Max(65535) @JsonProperty public int panelPort = 8000;
    @Min(1) @Max(65535) @JsonProperty public int panelTlsPort = 8444;
    /** Where nginx finds the API and dashboard (the server's application connector). */
    @NotBlank @JsonProperty public String panelUpstream = "http://127.0.0.1:8080";
    /** Certificate and key (PEM) for both origins; empty: plain HTTP. With TLS, HTTP redirects to HTTPS. */
    @NotNull @JsonProperty public String tlsCertificate = "";
    @NotNull @JsonProperty public String tlsKey = "";
    /** Address the per-site SSH ports listen on; "*" for all. */
    @NotBlank @JsonProperty public String sshListenAddress = "*";
    @Min(1) @Max(65535) @JsonProperty public int guestHttpPort = 80;
    @Min(1) @Max(65535) @JsonProperty public int guestSshPort = 22;
    @NotBlank @JsonProperty public String clientMaxBodySize = "64m";
    @NotNull @JsonProperty public Duration sshIdleTimeout = Duration.hours(2);
    /** Panel and sites on one origin: a user's site could then read dashboard tokens. Logged as a warning. */
    @JsonProperty public boolean singleOrigin = false;
    /** Unprivileged user for nginx's workers; empty keeps nginx's default. */
    @NotNull @JsonProperty public String workerUser = "";
}
