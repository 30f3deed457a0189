package dev.nestbox.bootstrap.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import dev.nestbox.domain.plan.Plan;
import dev.nestbox.domain.plan.PlanCatalog;

import java.util.ArrayList;
import java.util.List;

public class HostingSettings {
    @Min(1024) @Max(65535) @JsonProperty public int sshPortFirst = 20000;
    @Min(1024) @Max(65535) @JsonProperty public int sshPortLast = 29999;
    @NotNull @JsonProperty public List<Integer> excludedPorts = List.of();
    /** Guests' network; the first address is the host's bridge, the rest are handed to guests. */
    @NotBlank @JsonProperty public String subnet = "10.88.0.0/24";
    /**
     * The plans users choose from, in the order the dashboard offers them. Empty: one plan, {@code micro}, of
     * {@code memoryMib}, {@code vcpus} and the hypervisor's {@code diskMib} (configurations made before plans).
     */
    @NotNull @Valid @JsonProperty public List<PlanConfig> plans = List.of();
    /** The plan of a POST /host that names none. */
    @NotBlank @JsonProperty public String defaultPlan = "micro";
    @Min(64) @JsonProperty public int memoryMib = 128;
    @Min(1) @JsonProperty public int vcpus = 1;
    @Min(1) @JsonProperty public int maximumHostings = 40;
    @Min(64) @JsonProperty public long memoryBudgetMib = 16384;

    /** The plans as the domain knows them; refuses what cannot work (duplicates, an unknown default, bad names). */
    public PlanCatalog catalog(long legacyDiskMib) {
        if (plans.isEmpty()) {
            return PlanCatalog.of(new Plan("micro", "micro", memoryMib, vcpus, Math.toIntExact(legacyDiskMib)),
                    "The micro guest: nginx, SSH and SFTP on a small, fast machine");
        }
        List<PlanCatalog.Offer> offers = new ArrayList<>();
        for (PlanConfig plan : plans) {
            offers.add(new PlanCatalog.Offer(new Plan(plan.name, plan.image.isBlank() ? plan.name : plan.image,
                    plan.memoryMib, plan.vcpus, plan.diskMib), plan.description));
        }
        return new PlanCatalog(offers, defaultPlan);
    }
}
