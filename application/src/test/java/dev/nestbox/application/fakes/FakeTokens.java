package dev.nestbox.application.fakes;

import dev.nestbox.application.port.out.TokenService;
import dev.nestbox.domain.user.UserId;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Tokens of the form {@code token-<user>-<expiry seconds>}; expired or foreign ones do not verify. */
public final class FakeTokens implements TokenService {
    public static final Duration LIFETIME = Duration.ofHours(1);

    @Override
    public IssuedToken issue(UserId user, Instant now) {
        Instant expires = now.plus(LIFETIME);
        return new IssuedToken("token-" + user.value() + "-" + expires.getEpochSecond(), expires);
    }

    @Override
    public Optional<UserId> verify(String token, Instant now) {
        String[] parts = token.split("-");
        if (parts.length != 3 || !parts[0].equals("token")) {
            return Optional.empty();
        }
        try {
            if (!now.isBefore(Instant.ofEpochSecond(Long.parseLong(parts[2])))) {
                return Optional.empty();
            }
            return Optional.of(new UserId(Long.parseLong(parts[1])));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
