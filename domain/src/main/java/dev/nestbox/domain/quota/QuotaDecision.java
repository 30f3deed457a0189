package dev.nestbox.domain.quota;

public sealed interface QuotaDecision {
    record Allowed() implements QuotaDecision {
    }

    record Refused(String rule, String reason) implements QuotaDecision {
    }
}
