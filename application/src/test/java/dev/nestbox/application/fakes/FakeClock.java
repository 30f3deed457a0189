package dev.nestbox.application.fakes;

import dev.nestbox.application.port.out.Clock;

import java.time.Duration;
import java.time.Instant;

/** Time that moves only when a test (or a fake standing for a slow system) moves it. */
public final class FakeClock implements Clock {
    private Instant now;

    public FakeClock(Instant start) {
        this.now = start;
    }

    public FakeClock() {
        this(Instant.parse("2026-01-01T10:00:00Z"));
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

    public synchronized void set(Instant instant) {
        now = instant;
    }
}
