package dev.nestbox.domain.quota;

import java.util.List;

/** The rules a hosting request must pass, checked in order; the first refusal decides. */
public final class QuotaPolicy {
    private final List<QuotaRule> rules;

    public QuotaPolicy(List<QuotaRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static QuotaPolicy standard(int maximumHostings, long memoryBudgetMib) {
        return new QuotaPolicy(List.of(
                QuotaRule.oneHostingPerUser(),
                QuotaRule.maximumHostings(maximumHostings),
                QuotaRule.memoryBudget(memoryBudgetMib)));
    }

    public QuotaDecision evaluate(QuotaContext context) {
        for (QuotaRule rule : rules) {
            var refusal = rule.refusal(context);
            if (refusal.isPresent()) {
                return refusal.get();
            }
        }
        return new QuotaDecision.Allowed();
    }
}
