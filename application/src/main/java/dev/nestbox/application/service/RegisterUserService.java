package dev.nestbox.application.service;

import dev.nestbox.application.port.in.RegisterUserCommand;
import dev.nestbox.application.port.in.RegisterUserUseCase;
import dev.nestbox.application.port.in.RegistrationOutcome;
import dev.nestbox.application.port.out.Clock;
import dev.nestbox.application.port.out.PasswordHasher;
import dev.nestbox.application.port.out.Users;
import dev.nestbox.domain.user.NewUser;

public final class RegisterUserService implements RegisterUserUseCase {
    private final Users users;
    private final PasswordHasher hasher;
    private final Clock clock;

    public RegisterUserService(Users users, PasswordHasher hasher, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.clock = clock;
    }

    @Override
    public RegistrationOutcome register(RegisterUserCommand command) {
        String hash = hasher.hash(command.password());
        Users.Addition addition = users.add(new NewUser(command.email(), command.username(), hash, clock.now()));
        if (addition instanceof Users.Addition.Added added) {
            return new RegistrationOutcome.Registered(added.user().id());
        } else if (addition instanceof Users.Addition.EmailTaken) {
            return new RegistrationOutcome.EmailTaken();
        }
        throw new AssertionError("unhandled addition: " + addition);
    }
}
