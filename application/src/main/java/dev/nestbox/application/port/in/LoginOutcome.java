package dev.nestbox.application.port.in;

import java.time.Instant;

public sealed interface LoginOutcome {
    record LoggedIn(String token, Instant expiresAt) implements LoginOutcome {
    }

    /** Unknown e-mail and wrong password look the same from outside. */
    record BadCredentials() implements LoginOutcome {
    }
}
