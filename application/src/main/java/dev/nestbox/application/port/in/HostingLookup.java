package dev.nestbox.application.port.in;

public sealed interface HostingLookup {
    record Found(HostingView hosting) implements HostingLookup {
    }

    record NotFound() implements HostingLookup {
    }

    /** The user asking no longer exists (a token outlives its account); only an owner's own lookup says this. */
    record UnknownUser() implements HostingLookup {
    }
}
