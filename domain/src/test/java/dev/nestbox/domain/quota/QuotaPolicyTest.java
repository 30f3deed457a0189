package dev.nestbox.domain.quota;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class QuotaPolicyTest {
    private final QuotaPolicy standard = QuotaPolicy.standard(3, 1024);

    @Test
    void a_first_hosting_on_a_host_with_room_is_allowed() {
        assertThat(standard.evaluate(new QuotaContext(false, 2, 768, 256))).isEqualTo(new QuotaDecision.Allowed());
    }

    @Test
    void a_user_holds_at_most_one_hosting() {
        assertThat(standard.evaluate(new QuotaContext(true, 0, 0, 256)))
                .isEqualTo(new QuotaDecision.Refused(QuotaPolicy.ONE_HOSTING_PER_USER, "you already have a hosting"));
    }

    @Test
    void the_host_runs_at_most_its_maximum_of_live_hostings() {
        assertThat(standard.evaluate(new QuotaContext(false, 2, 0, 256))).isInstanceOf(QuotaDecision.Allowed.class);
        assertThat(standard.evaluate(new QuotaContext(false, 3, 0, 256)))
                .isEqualTo(new QuotaDecision.Refused("maximum-hostings", "the host is full: it runs its maximum of 3 sites"));
        assertThat(standard.evaluate(new QuotaContext(false, 4, 0, 256))).isInstanceOf(QuotaDecision.Refused.class);
    }

    @Test
    void the_memory_budget_may_be_filled_exactly_but_not_exceeded() {
        assertThat(standard.evaluate(new QuotaContext(false, 0, 768, 256))).isInstanceOf(QuotaDecision.Allowed.class);
        assertThat(standard.evaluate(new QuotaContext(false, 0, 769, 256))).isEqualTo(new QuotaDecision.Refused(
                "memory-budget", "the host has no memory left for another site (budget 1024 MiB)"));
        assertThat(standard.evaluate(new QuotaContext(false, 0, 0, 1025))).isInstanceOf(QuotaDecision.Refused.class);
    }

    @Test
    void the_first_refusing_rule_decides() {
        QuotaDecision everythingWrong = standard.evaluate(new QuotaContext(true, 3, 4096, 256));
        assertThat(everythingWrong).isInstanceOfSatisfying(QuotaDecision.Refused.class,
                r -> assertThat(r.rule()).isEqualTo(QuotaPolicy.ONE_HOSTING_PER_USER));

        QuotaDecision fullAndOutOfMemory = standard.evaluate(new QuotaContext(false, 3, 4096, 256));
        assertThat(fullAndOutOfMemory).isInstanceOfSatisfying(QuotaDecision.Refused.class,
                r -> assertThat(r.rule()).isEqualTo("maximum-hostings"));
    }

    @Test
    void a_policy_is_its_list_of_rules() {
        QuotaRule closed = new QuotaRule() {
            @Override
            public String name() {
                return "closed";
            }

            @Override
            public Optional<String> refusal(QuotaContext context) {
                return Optional.of("closed for maintenance");
            }
        };

        assertThat(new QuotaPolicy(List.of()).evaluate(new QuotaContext(true, 99, 99, 99))).isInstanceOf(QuotaDecision.Allowed.class);
        assertThat(new QuotaPolicy(List.of(closed)).evaluate(new QuotaContext(false, 0, 0, 1)))
                .isEqualTo(new QuotaDecision.Refused("closed", "closed for maintenance"));
        assertThat(QuotaRule.oneHostingPerUser().name()).isEqualTo(QuotaPolicy.ONE_HOSTING_PER_USER);
        assertThat(QuotaRule.maximumHostings(1).name()).isEqualTo("maximum-hostings");
        assertThat(QuotaRule.memoryBudget(1).name()).isEqualTo("memory-budget");
    }
}
