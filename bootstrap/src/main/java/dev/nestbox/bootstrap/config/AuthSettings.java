package dev.nestbox.bootstrap.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

public class AuthSettings {
    /** Environment variable holding the HS256 secret (at least 32 bytes). */
    @NotBlank @JsonProperty public String jwtSecretEnv = "NESTBOX_JWT_SECRET";
    /** Development only: without a secret in the environment, generate a random one (tokens die with the process). */
    @JsonProperty public boolean generateDevelopmentSecret = false;
    @NotBlank @JsonProperty public String issuer = "nestbox";
    @NotNull @JsonProperty public Duration tokenTtl = Duration.hours(1);
    @Min(4) @Max(31) @JsonProperty public int bcryptCost = 12;
    /** Passwords hashed or checked at once across all requests; 0: one per processor core. */
    @Min(0) @JsonProperty public int hashingConcurrency = 0;
    /** Requests that may wait for a hashing slot; any more are answered 503 at once. None by default: no queue. */
    @Min(0) @JsonProperty public int hashingQueue = 2;
    /** How long a waiting request waits for a slot before it is answered 503. */
    @NotNull @JsonProperty public Duration hashingMaxWait = Duration.milliseconds(500);
    /**
     * The nice value (Linux scheduling priority) of the threads that hash passwords: above 0, a burst of log-ins
     * yields the cores to request handling, so that refusals and other requests are answered in milliseconds while
     * every slot hashes. 0 hashes at the server's own priority.
     */
    @Min(0) @Max(19) @JsonProperty public int hashingNice = 10;

    public int effectiveHashingConcurrency() {
        return hashingConcurrency > 0 ? hashingConcurrency : Runtime.getRuntime().availableProcessors();
    }
}
