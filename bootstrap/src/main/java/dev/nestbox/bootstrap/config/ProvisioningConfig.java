package dev.nestbox.bootstrap.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

public class ProvisioningConfig {
    /** Guests booting at once; 0 (the default) follows the host's cores: a guest's boot keeps one core busy. */
    @Min(0) @JsonProperty public int concurrency = 0;
    /** Hostings waiting for a slot; beyond it POST /host answers 503 CAPACITY_EXHAUSTED and records nothing. */
    @Min(1) @JsonProperty public int queueSize = 100;
    /** From a worker taking the hosting to running (time queued does not count); past it the hosting fails. */
    @NotNull @JsonProperty public Duration deadline = Duration.minutes(5);
    /** Routes are compared with the database at start and this often. */
    @NotNull @JsonProperty public Duration reconcileInterval = Duration.seconds(60);
    /** Running hostings are compared with their machines this often: stopped ones start again, lost ones fail. */
    @NotNull @JsonProperty public Duration healInterval = Duration.seconds(30);
    /**
     * How often the worker probes the hypervisor and nginx and takes up hostings no worker holds; while either is
     * down, provisioning waits and resumes at the first probe that finds both back.
     */
    @NotNull @JsonProperty public Duration sweepInterval = Duration.seconds(30);
    /**
     * The warm pool: booted spares kept per plan name (a plan not named keeps none). POST /host takes a spare of
     * its plan when one waits and only sets it up (site name, key, web root), instead of booting a machine. Each
     * spare holds its plan's memory, an address and an SSH port like a site, and counts against
     * {@code hosting.maximumHostings} and the memory budget.
     */
    @NotNull @JsonProperty public java.util.Map<String, @Min(0) Integer> warmPool = java.util.Map.of();
    /** Spares booted at once while the pool refills (never while hostings wait for a provisioning slot). */
    @Min(1) @JsonProperty public int warmPoolBoots = 1;
    /** Off only for API-only development: hostings then stay pending. */
    @JsonProperty public boolean enabled = true;

    /** {@link #concurrency}, with 0 read as one per core of this host. */
    public int effectiveConcurrency() {
        return concurrency > 0 ? concurrency : Runtime.getRuntime().availableProcessors();
    }
}
