package dev.nestbox.application.port.in;

import dev.nestbox.domain.user.UserId;

import java.util.Objects;
import java.util.Optional;

/** {@code sshPublicKey} empty: the platform generates a key pair and hands the private key back once. */
public record RequestHostingCommand(UserId user, Optional<String> sshPublicKey) {
    public RequestHostingCommand {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(sshPublicKey, "sshPublicKey");
    }
}
