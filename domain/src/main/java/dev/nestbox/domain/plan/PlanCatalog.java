package dev.nestbox.domain.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The plans a user may choose from, in the order they are offered, and the one a request that names none gets.
 * Names are unique; the default is one of them.
 */
public final class PlanCatalog {
    /** A plan as offered: with a line that says what it gives, for the dashboard. */
    public record Offer(Plan plan, String description) {
        public Offer {
            Objects.requireNonNull(plan, "plan");
            Objects.requireNonNull(description, "description");
        }
    }

    private final Map<String, Offer> offers;
    private final List<Offer> order;
    private final String defaultPlan;

    public PlanCatalog(List<Offer> offers, String defaultPlan) {
        Objects.requireNonNull(offers, "offers");
        Objects.requireNonNull(defaultPlan, "defaultPlan");
        if (offers.isEmpty()) {
            throw new IllegalArgumentException("at least one plan must be configured");
        }
        Map<String, Offer> byName = new LinkedHashMap<>();
        for (Offer offer : offers) {
            if (byName.putIfAbsent(offer.plan().name(), offer) != null) {
                throw new IllegalArgumentException("plan " + offer.plan().name() + " is configured twice");
            }
        }
        if (!byName.containsKey(defaultPlan)) {
            throw new IllegalArgumentException("the default plan '" + defaultPlan + "' is not among the plans "
                    + byName.keySet());
        }
        this.offers = Map.copyOf(byName);
        this.defaultPlan = defaultPlan;
        this.order = List.copyOf(byName.values());
    }

    /** One plan, the default. */
    public static PlanCatalog of(Plan only, String description) {
        return new PlanCatalog(List.of(new Offer(only, description)), only.name());
    }

    public List<Offer> offers() {
        return order;
    }

    public Plan defaultPlan() {
        return offers.get(defaultPlan).plan();
    }

    public Optional<Plan> find(String name) {
        return Optional.ofNullable(offers.get(name)).map(Offer::plan);
    }

    public List<String> names() {
        return order.stream().map(offer -> offer.plan().name()).toList();
    }
}
