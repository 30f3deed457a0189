package dev.nestbox.domain.plan;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlanCatalogTest {
    private static final Plan MICRO = new Plan("micro", "micro", 128, 1, 1024);
    private static final Plan DEBIAN = new Plan("debian-12", "debian-12", 256, 1, 4096);

    @Test
    void offers_plans_in_order_and_finds_them_by_name() {
        PlanCatalog catalog = new PlanCatalog(List.of(new PlanCatalog.Offer(MICRO, "small"),
                new PlanCatalog.Offer(DEBIAN, "full")), "micro");

        assertThat(catalog.names()).containsExactly("micro", "debian-12");
        assertThat(catalog.defaultPlan()).isEqualTo(MICRO);
        assertThat(catalog.find("debian-12")).contains(DEBIAN);
        assertThat(catalog.find("ubuntu")).isEmpty();
        assertThat(catalog.find("")).isEmpty();
    }

    @Test
    void refuses_duplicates_an_unknown_default_and_no_plans() {
        assertThatThrownBy(() -> new PlanCatalog(List.of(new PlanCatalog.Offer(MICRO, "a"),
                new PlanCatalog.Offer(MICRO, "b")), "micro")).hasMessageContaining("configured twice");
        assertThatThrownBy(() -> new PlanCatalog(List.of(new PlanCatalog.Offer(MICRO, "a")), "debian-12"))
                .hasMessageContaining("default plan 'debian-12'");
        assertThatThrownBy(() -> new PlanCatalog(List.of(), "micro")).hasMessageContaining("at least one");
    }

    @Test
    void a_plan_is_sane() {
        assertThatThrownBy(() -> new Plan("Micro", "micro", 128, 1, 1024)).hasMessageContaining("plan name");
        assertThatThrownBy(() -> new Plan("micro", "../x", 128, 1, 1024)).hasMessageContaining("image name");
        assertThatThrownBy(() -> new Plan("micro", "micro", 32, 1, 1024)).hasMessageContaining("memory");
        assertThatThrownBy(() -> new Plan("micro", "micro", 128, 0, 1024)).hasMessageContaining("vcpus");
        assertThatThrownBy(() -> new Plan("micro", "micro", 128, 1, 10)).hasMessageContaining("disk");
        assertThat(Plan.isName("debian-12")).isTrue();
        assertThat(Plan.isName("a".repeat(33))).isFalse();
        assertThat(Plan.isName(null)).isFalse();
    }
}
