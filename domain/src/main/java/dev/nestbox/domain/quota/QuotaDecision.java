package dev.nestbox.domain.quota;

/** What the quota rules decided about a hosting request; a refusal says whose limit it met. */
public sealed interface QuotaDecision {
    record Allowed() implements QuotaDecision {
    }

    /** Refused by {@code rule}, for {@code reason}. */
    sealed interface Refused extends QuotaDecision permits UserLimitReached, HostFull {
        String rule();

        String reason();
    }

    /** The user already holds what they may hold: asking again will not help until they give something up. */
    record UserLimitReached(String rule, String reason) implements Refused {
    }

    /** The host has no room for another hosting: asking later, when others have gone, may succeed. */
    record HostFull(String rule, String reason) implements Refused {
    }
}
