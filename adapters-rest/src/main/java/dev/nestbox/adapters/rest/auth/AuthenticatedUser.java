package dev.nestbox.adapters.rest.auth;

import dev.nestbox.domain.user.UserId;

import java.security.Principal;

public record AuthenticatedUser(UserId id) implements Principal {
    @Override
    public String getName() {
        return Long.toString(id.value());
    }
}
