package dev.nestbox.application.port.in;

public sealed interface DeletionOutcome {
    record Deleted() implements DeletionOutcome {
    }

    record NotFound() implements DeletionOutcome {
    }
}
