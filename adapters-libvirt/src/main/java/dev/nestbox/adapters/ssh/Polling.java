package dev.nestbox.adapters.ssh;

import dev.nestbox.application.port.out.GuestProvisioner.Readiness;

import java.time.Duration;
import java.util.Optional;

/** Repeats an attempt, pausing between tries, until it succeeds or a deadline passes; never spins. */
final class Polling {
    private static final Duration FAIR_TRY = Duration.ofMillis(250);
    private final Duration attemptTimeout;
    private final Duration interval;

    Polling(Duration attemptTimeout, Duration interval) {
        this.attemptTimeout = attemptTimeout;
        this.interval = interval;
    }

    interface Attempt {
        /** Empty on success, else why not; {@code timeout} bounds this one try. */
        Optional<String> run(Duration timeout);
    }

    Readiness until(Duration timeout, String what, Attempt attempt) {
        long start = System.nanoTime();
        long deadline = start + Math.max(0, timeout.toNanos());
        String lastReason = "never tried";
        int attempts = 0;
        while (true) {
            long remaining = deadline - System.nanoTime();
            // Every try gets a fair chance, even the first with a zero timeout ("is it up right now?") or the last
            // squeezed against the deadline: a try cut to a millisecond fails for its own sake, and its "timed out"
            // would hide the real reason of the tries before it. So the deadline may be overrun by FAIR_TRY at most.
            Duration budget = Duration.ofNanos(Math.min(attemptTimeout.toNanos(),
                    Math.max(remaining, FAIR_TRY.toNanos())));
            Optional<String> failure = attempt.run(budget);
            attempts++;
            if (failure.isEmpty()) {
                return new Readiness.Ready();
            }
            lastReason = failure.get();
            remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return new Readiness.NotReady(what + " not ready after " + attempts + " attempt"
                        + (attempts == 1 ? "" : "s") + " in " + Duration.ofNanos(System.nanoTime() - start).toMillis()
                        + " ms: " + lastReason);
            }
            try {
                Thread.sleep(Math.max(1, Math.min(interval.toMillis(), Duration.ofNanos(remaining).toMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Readiness.NotReady(what + ": interrupted while waiting; last: " + lastReason);
            }
        }
    }
}
