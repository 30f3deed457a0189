package dev.nestbox.application.port.in;

import dev.nestbox.domain.user.UserId;

import java.util.Optional;

/**
 * The user a bearer token names, by its signature, issuer and expiry alone, without asking the store. Only for
 * use cases whose own query refuses a user who no longer exists (such as {@link ShowHostingUseCase}); everything
 * else goes through {@link AuthenticateUseCase}.
 */
public interface ReadTokenUseCase {
    Optional<UserId> read(String bearerToken);
}
