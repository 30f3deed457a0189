package dev.nestbox.domain.quota;

/** What the quota rules look at when a user asks for a hosting. */
public record QuotaContext(boolean userHasHosting, int liveHostings, long memoryInUseMib, int requestedMemoryMib) {
}
