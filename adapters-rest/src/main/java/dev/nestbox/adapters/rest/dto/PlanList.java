package dev.nestbox.adapters.rest.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.nestbox.application.port.in.ListPlansUseCase;
import dev.nestbox.domain.plan.Plan;

import java.util.List;

/** data of GET /plans. */
public record PlanList(@JsonProperty("default") String defaultPlan, @JsonProperty("plans") List<PlanEntry> plans) {
    public record PlanEntry(@JsonProperty("name") String name,
                            @JsonProperty("description") String description,
                            @JsonProperty("image") String image,
                            @JsonProperty("memory_mib") int memoryMib,
                            @JsonProperty("vcpus") int vcpus,
                            @JsonProperty("disk_mib") int diskMib,
                            @JsonProperty("available") boolean available) {
    }

    public static PlanList of(ListPlansUseCase.Offering offering) {
        return new PlanList(offering.defaultPlan(), offering.plans().stream().map(offered -> {
            Plan p = offered.plan();
            return new PlanEntry(p.name(), offered.description(), p.image(), p.memoryMib(), p.vcpus(), p.diskMib(),
                    offered.available());
        }).toList());
    }
}
