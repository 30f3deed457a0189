package dev.nestbox.adapters.rest.resource;

import dev.nestbox.adapters.rest.dto.DataResponse;
import dev.nestbox.adapters.rest.dto.PlanList;
import dev.nestbox.application.port.in.ListPlansUseCase;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** GET /plans: what POST /host's optional {@code "plan"} may name; public, like a price list. */
@Path("/plans")
@Produces(MediaType.APPLICATION_JSON)
public final class PlansResource {
    private final ListPlansUseCase plans;

    public PlansResource(ListPlansUseCase plans) {
        this.plans = plans;
    }

    @GET
    public DataResponse<PlanList> list() {
        return DataResponse.ok(PlanList.of(plans.plans()));
    }
}
