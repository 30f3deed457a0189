package dev.nestbox.bootstrap.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.util.List;

public class ApiSettings {
    @Min(1024) @JsonProperty public long maxBodyBytes = 64 * 1024;
    /** Sign-up and log-in attempts per client address and minute; 0 turns the limit off. */
    @Min(0) @JsonProperty public int attemptsPerMinute = 10;
    @Min(1) @JsonProperty public int attemptsBurst = 20;
    /** POSTs, and separately DELETEs, of /host that one account may make per hour; 0 turns the limit off. */
    @Min(0) @JsonProperty public int hostChangesPerAccountPerHour = 10;
    /** POSTs, and separately DELETEs, of /host that all accounts together may make per minute; 0: no limit. */
    @Min(0) @JsonProperty public int hostChangesPerMinute = 20;
    /** Browser origins allowed to call the API cross-origin. Empty: CORS closed. */
    @NotNull @JsonProperty public List<String> corsOrigins = List.of();
}
