package dev.nestbox.application.port.in;

public sealed interface HostingLookup {
    record Found(HostingView hosting) implements HostingLookup {
    }

    record NotFound() implements HostingLookup {
    }
}
