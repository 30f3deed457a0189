package dev.nestbox.application.port.in;

import dev.nestbox.domain.user.UserId;

import java.util.Optional;

/** Turns a bearer token into the user it speaks for, if it still does: the token checked, then the user looked up. */
public interface AuthenticateUseCase {
    Optional<UserId> authenticate(String bearerToken);
}
