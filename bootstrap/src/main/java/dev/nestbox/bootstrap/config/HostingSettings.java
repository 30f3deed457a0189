package dev.nestbox.bootstrap.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.util.List;

public class HostingSettings {
    @Min(1024) @Max(65535) @JsonProperty public int sshPortFirst = 20000;
    @Min(1024) @Max(65535) @JsonProperty public int sshPortLast = 29999;
    @NotNull @JsonProperty public List<Integer> excludedPorts = List.of();
    /** Guests' network; the first address is the host's bridge, the rest are handed to guests. */
    @NotBlank @JsonProperty public String subnet = "10.88.0.0/24";
    @Min(64) @JsonProperty public int memoryMib = 128;
    @Min(1) @JsonProperty public int vcpus = 1;
    @Min(1) @JsonProperty public int maximumHostings = 40;
    @Min(64) @JsonProperty public long memoryBudgetMib = 16384;
}
