package dev.nestbox.domain.user;

import java.time.Instant;
import java.util.Objects;

/** A user about to be stored; the store gives it its id. */
public record NewUser(Email email, Username username, String passwordHash, Instant createdAt) {
    public NewUser {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    @Override
    public String toString() {
        return "NewUser[email=" + email + "]";
    }
}
