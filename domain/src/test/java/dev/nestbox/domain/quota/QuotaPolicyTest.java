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
                .isEqualTo(new QuotaDecision.UserLimitReached("one-hosting-per-user", "you already have a hosting"));
    }

    @Test
    void the_host_runs_at_most_its_maximum_of_live_hostings() {
        assertThat(standard.evaluate(new QuotaContext(false, 2, 0, 256))).isInstanceOf(QuotaDecision.Allowed.class);
        assertThat(standard.evaluate(new QuotaContext(false, 3, 0, 256)))
                .isEqualTo(new QuotaDecision.HostFull("maximum-hostings", "the host is full: it runs its maximum of 3 sites"));
        assertThat(standard.evaluate(new QuotaContext(false, 4, 0, 256))).isInstanceOf(QuotaDecision.HostFull.class);
    }

    @Test
    void the_memory_budget_may_be_filled_exactly_but_not_exceeded() {
        assertThat(standard.evaluate(new QuotaContext(false, 0, 768, 256))).isInstanceOf(QuotaDecision.Allowed.class);
        assertThat(standard.evaluate(new QuotaContext(false, 0, 769, 256))).isEqualTo(new QuotaDecision.HostFull(
                "memory-budget", "the host has no memory left for another site (budget 1024 MiB)"));
        assertThat(standard.evaluate(new QuotaContext(false, 0, 0, 1025))).isInstanceOf(QuotaDecision.HostFull.class);
    }

    @Test
    void the_first_refusing_rule_decides() {
        QuotaDecision everythingWrong = standard.evaluate(new QuotaContext(true, 3, 4096, 256));
        assertThat(everythingWrong).isInstanceOfSatisfying(QuotaDecision.UserLimitReached.class,
                r -> assertThat(r.rule()).isEqualTo("one-hosting-per-user"));

        QuotaDecision fullAndOutOfMemory = standard.evaluate(new QuotaContext(false, 3, 4096, 256));
        assertThat(fullAndOutOfMemory).isInstanceOfSatisfying(QuotaDecision.HostFull.class,
                r -> assertThat(r.rule()).isEqualTo("maximum-hostings"));
    }

    @Test
    void a_user_limit_and_a_full_host_are_told_apart_by_type_not_by_the_rule_name() {
        QuotaContext hasOne = new QuotaContext(true, 0, 0, 256);
        QuotaContext full = new QuotaContext(false, 3, 0, 256);

        assertThat(QuotaRule.oneHostingPerUser().refusal(hasOne)).containsInstanceOf(QuotaDecision.UserLimitReached.class);
        assertThat(QuotaRule.maximumHostings(3).refusal(full)).containsInstanceOf(QuotaDecision.HostFull.class);
        assertThat(QuotaRule.memoryBudget(100).refusal(full)).containsInstanceOf(QuotaDecision.HostFull.class);
        assertThat(QuotaRule.oneHostingPerUser().refusal(full)).isEmpty();
    }

    @Test
    void a_policy_is_its_list_of_rules() {
        QuotaRule closed = new QuotaRule() {
            @Override
            public String name() {
                return "closed";
            }

            @Override
            public Optional<QuotaDecision.Refused> refusal(QuotaContext context) {
                return Optional.of(new QuotaDecision.HostFull(name(), "closed for maintenance"));
            }
        };

        assertThat(new QuotaPolicy(List.of()).evaluate(new QuotaContext(true, 99, 99, 99))).isInstanceOf(QuotaDecision.Allowed.class);
        assertThat(new QuotaPolicy(List.of(closed)).evaluate(new QuotaContext(false, 0, 0, 1)))
                .isEqualTo(new QuotaDecision.HostFull("closed", "closed for maintenance"));
        assertThat(QuotaRule.oneHostingPerUser().name()).isEqualTo("one-hosting-per-user");
        assertThat(QuotaRule.maximumHostings(1).name()).isEqualTo("maximum-hostings");
        assertThat(QuotaRule.memoryBudget(1).name()).isEqualTo("memory-budget");
    }
}
