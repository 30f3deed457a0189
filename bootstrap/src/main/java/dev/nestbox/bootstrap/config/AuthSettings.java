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
}
