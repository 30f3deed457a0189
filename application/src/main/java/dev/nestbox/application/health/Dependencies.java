package dev.nestbox.application.health;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outside systems that provisioning needs, each with a probe. A step that fails while a probe fails too is
 * an outage, not the hosting's fault: provisioning waits for the system instead of failing hostings.
 */
public final class Dependencies {
    private final List<Probe> probes;

    public Dependencies(List<Probe> probes) {
        this.probes = List.copyOf(probes);
    }

    /** No probes: every failure is the hosting's own (for tests and set-ups without outside systems). */
    public static Dependencies none() {
        return new Dependencies(List.of());
    }

    /** Probes each system now, in order; empty when all answer, else the first that did not, in words. */
    public Optional<String> outage() {
        for (Probe probe : probes) {
            try {
                probe.check().run();
            } catch (RuntimeException e) {
                String message = e.getMessage() == null || e.getMessage().isBlank()
                        ? e.getClass().getSimpleName() : e.getMessage();
                return Optional.of(probe.name() + " unavailable: " + message);
            }
        }
        return Optional.empty();
    }

    /** {@code check} returns when the system answers and throws when it does not; it must be idempotent. */
    public record Probe(String name, Runnable check) {
        public Probe {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(check, "check");
        }
    }
}
