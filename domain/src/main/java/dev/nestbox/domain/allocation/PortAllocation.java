package dev.nestbox.domain.allocation;

public sealed interface PortAllocation {
    record Allocated(int port) implements PortAllocation {
    }

    record Exhausted(String reason) implements PortAllocation {
    }
}
