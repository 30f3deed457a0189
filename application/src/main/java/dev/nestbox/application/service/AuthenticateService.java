package dev.nestbox.application.service;

import dev.nestbox.application.port.in.AuthenticateUseCase;
import dev.nestbox.application.port.in.ReadTokenUseCase;
import dev.nestbox.application.port.out.Clock;
import dev.nestbox.application.port.out.TokenService;
import dev.nestbox.application.port.out.Users;
import dev.nestbox.domain.user.UserId;

import java.util.Optional;

public final class AuthenticateService implements AuthenticateUseCase, ReadTokenUseCase {
    private final TokenService tokens;
    private final Users users;
    private final Clock clock;

    public AuthenticateService(TokenService tokens, Users users, Clock clock) {
        this.tokens = tokens;
        this.users = users;
        this.clock = clock;
    }

    @Override
    public Optional<UserId> authenticate(String bearerToken) {
        // A valid token of a user who no longer exists speaks for no one.
        return read(bearerToken).filter(id -> users.byId(id).isPresent());
    }

    @Override
    public Optional<UserId> read(String bearerToken) {
        if (bearerToken == null || bearerToken.isBlank()) {
            return Optional.empty();
        }
        return tokens.verify(bearerToken, clock.now());
    }
}
