package dev.nestbox.bootstrap.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/** One entry of {@code hosting.plans}: what a user may choose with POST /host's {@code "plan"}. */
public class PlanConfig {
    @NotBlank @JsonProperty public String name;
    /** The guest image its machines boot (hypervisor.images); the plan's name when not given. */
    @JsonProperty public String image = "";
    @Min(64) @JsonProperty public int memoryMib = 128;
    @Min(1) @Max(64) @JsonProperty public int vcpus = 1;
    @Min(64) @JsonProperty public int diskMib = 1024;
    /** One line for the dashboard: what the plan gives. */
    @NotNull @JsonProperty public String description = "";
}
