package dev.nestbox.domain.quota;

import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/** One named rule; when it refuses, the refusal says whose limit was met and why. */
public interface QuotaRule {
    String name();

    Optional<QuotaDecision.Refused> refusal(QuotaContext context);

    /** A user holds at most one hosting (the contract's one-per-user limit). */
    static QuotaRule oneHostingPerUser() {
        return rule("one-hosting-per-user", QuotaDecision.UserLimitReached::new,
                c -> c.userHasHosting() ? Optional.of("you already have a hosting") : Optional.empty());
    }

    /** The host runs at most {@code max} hostings at once. */
    static QuotaRule maximumHostings(int max) {
        return rule("maximum-hostings", QuotaDecision.HostFull::new, c -> c.liveHostings() >= max
                ? Optional.of("the host is full: it runs its maximum of " + max + " sites")
                : Optional.empty());
    }

    /** The hostings' memory stays within the host's budget. */
    static QuotaRule memoryBudget(long budgetMib) {
        return rule("memory-budget", QuotaDecision.HostFull::new,
                c -> c.memoryInUseMib() + c.requestedMemoryMib() > budgetMib
                        ? Optional.of("the host has no memory left for another site (budget " + budgetMib + " MiB)")
                        : Optional.empty());
    }

    private static QuotaRule rule(String name, BiFunction<String, String, QuotaDecision.Refused> refused,
                                  Function<QuotaContext, Optional<String>> check) {
        return new QuotaRule() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Optional<QuotaDecision.Refused> refusal(QuotaContext context) {
                return check.apply(context).map(reason -> refused.apply(name, reason));
            }
        };
    }
}
