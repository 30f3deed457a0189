package dev.nestbox.application.port.out;

import dev.nestbox.domain.user.UserId;

import java.time.Instant;
import java.util.Optional;

public interface TokenService {
    IssuedToken issue(UserId user, Instant now);

    /** The user a token speaks for, when its signature, issuer and expiry all check out. */
    Optional<UserId> verify(String token, Instant now);

    record IssuedToken(String token, Instant expiresAt) {
    }
}
