package dev.nestbox.application.service;

import dev.nestbox.application.port.in.ListPlansUseCase;
import dev.nestbox.domain.plan.PlanCatalog;

import java.util.function.Predicate;

/** The configured plans, each marked available when the hypervisor can boot its image. */
public final class ListPlansService implements ListPlansUseCase {
    private final PlanCatalog catalog;
    private final Predicate<String> imageAvailable;

    public ListPlansService(PlanCatalog catalog, Predicate<String> imageAvailable) {
        this.catalog = catalog;
        this.imageAvailable = imageAvailable;
    }

    @Override
    public Offering plans() {
        return new Offering(catalog.offers().stream()
                .map(offer -> new Offered(offer.plan(), offer.description(),
                        imageAvailable.test(offer.plan().image())))
                .toList(), catalog.defaultPlan().name());
    }
}
