package dev.nestbox.domain.user;

import java.time.Instant;
import java.util.Objects;

/** A registered person. The password hash is opaque to the domain. */
public record User(UserId id, Email email, Username username, String passwordHash, Instant createdAt) {
    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    @Override
    public String toString() {
        return "User[id=" + id.value() + ", email=" + email + "]";
    }
}
