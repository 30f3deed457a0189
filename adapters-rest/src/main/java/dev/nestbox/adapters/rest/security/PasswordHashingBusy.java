package dev.nestbox.adapters.rest.security;

import java.time.Duration;

/** Every password-hashing slot is taken and the waiting room is full: answered at once, never queued for long. */
public final class PasswordHashingBusy extends RuntimeException {
    private final Duration retryAfter;

    public PasswordHashingBusy(Duration retryAfter) {
        super("password hashing is saturated", null, false, false);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
