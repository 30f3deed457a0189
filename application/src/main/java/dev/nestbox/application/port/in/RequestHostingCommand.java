package dev.nestbox.application.port.in;

import dev.nestbox.domain.user.UserId;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code sshPublicKey} empty: the platform generates a key pair and hands the private key back once. {@code plan}
 * empty: the configured default plan.
 */
public record RequestHostingCommand(UserId user, Optional<String> sshPublicKey, Optional<String> plan) {
    public RequestHostingCommand {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(sshPublicKey, "sshPublicKey");
        Objects.requireNonNull(plan, "plan");
    }

    /** The default plan. */
    public RequestHostingCommand(UserId user, Optional<String> sshPublicKey) {
        this(user, sshPublicKey, Optional.empty());
    }
}
