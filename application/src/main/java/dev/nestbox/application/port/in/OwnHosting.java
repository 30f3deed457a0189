package dev.nestbox.application.port.in;

/** What a user's own hosting lookup finds; the user and the hosting are read together in one query. */
public sealed interface OwnHosting {
    record Found(HostingView hosting) implements OwnHosting {
    }

    record NoHosting() implements OwnHosting {
    }

    /** The user asking no longer exists: a token outlives its account. */
    record UnknownUser() implements OwnHosting {
    }
}
