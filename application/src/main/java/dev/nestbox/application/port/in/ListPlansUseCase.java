package dev.nestbox.application.port.in;

import dev.nestbox.domain.plan.Plan;

import java.util.List;
import java.util.Objects;

/** The plans a user can choose from when asking for a hosting, and the one they get without choosing. */
public interface ListPlansUseCase {
    Offering plans();

    /** @param available whether this host can boot the plan's image now (a request for it is refused otherwise) */
    record Offered(Plan plan, String description, boolean available) {
        public Offered {
            Objects.requireNonNull(plan, "plan");
            Objects.requireNonNull(description, "description");
        }
    }

    record Offering(List<Offered> plans, String defaultPlan) {
        public Offering {
            plans = List.copyOf(plans);
            Objects.requireNonNull(defaultPlan, "defaultPlan");
        }
    }
}
