package dev.nestbox.domain.hosting;

/** What asking a hosting to change state came to. */
public sealed interface Transition {

    /** The change is allowed; {@code hosting} is the hosting after it. */
    record Applied(Hosting hosting) implements Transition {
    }

    /** The change is not allowed from the current state; nothing changed. */
    record Refused(HostingStatus from, String attempted, String reason) implements Transition {
    }
}
