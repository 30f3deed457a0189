package dev.nestbox.adapters.rest.filter;

import dev.nestbox.adapters.rest.security.BoundedPasswordHasher;
import dev.nestbox.adapters.rest.security.PasswordHashingBusy;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;

/**
 * While password hashing is saturated, {@link HashesPasswords} requests are refused before their body is read
 * or the database is asked for the account: an overflow costs next to nothing and is answered at once. After
 * the per-address limiter, so that an address's attempts count even while the server is busy.
 */
@HashesPasswords
@Priority(Priorities.AUTHENTICATION - 40)
public final class HashingCapacityGate implements ContainerRequestFilter {
    private final BoundedPasswordHasher hashing;

    public HashingCapacityGate(BoundedPasswordHasher hashing) {
        this.hashing = hashing;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (hashing.saturated()) {
            throw new PasswordHashingBusy(hashing.retryAfter());
        }
    }
}
