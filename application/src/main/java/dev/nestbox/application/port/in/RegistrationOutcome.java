package dev.nestbox.application.port.in;

import dev.nestbox.domain.user.UserId;

public sealed interface RegistrationOutcome {
    record Registered(UserId user) implements RegistrationOutcome {
    }

    record EmailTaken() implements RegistrationOutcome {
    }
}
