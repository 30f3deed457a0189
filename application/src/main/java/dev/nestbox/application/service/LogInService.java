package dev.nestbox.application.service;

import dev.nestbox.application.port.in.LogInCommand;
import dev.nestbox.application.port.in.LogInUseCase;
import dev.nestbox.application.port.in.LoginOutcome;
import dev.nestbox.application.port.out.Clock;
import dev.nestbox.application.port.out.PasswordHasher;
import dev.nestbox.application.port.out.TokenService;
import dev.nestbox.application.port.out.Users;
import dev.nestbox.domain.InvalidValueException;
import dev.nestbox.domain.user.Email;
import dev.nestbox.domain.user.Password;
import dev.nestbox.domain.user.User;

import java.util.Optional;

public final class LogInService implements LogInUseCase {
    private static final Password DECOY = Password.of("not-anyone's-password");
    private final Users users;
    private final PasswordHasher hasher;
    private final TokenService tokens;
    private final Clock clock;

    public LogInService(Users users, PasswordHasher hasher, TokenService tokens, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.tokens = tokens;
        this.clock = clock;
    }

    @Override
    public LoginOutcome logIn(LogInCommand command) {
        Optional<User> user = parseEmail(command.email()).flatMap(users::byEmail);
        Optional<Password> password = parsePassword(command.password());
        // Always pay for one bcrypt comparison, so an unknown e-mail answers as slowly as a wrong password.
        String hash = user.map(User::passwordHash).orElseGet(hasher::decoyHash);
        boolean matches = hasher.matches(password.orElse(DECOY), hash);
        if (user.isEmpty() || password.isEmpty() || !matches) {
            return new LoginOutcome.BadCredentials();
        }
        TokenService.IssuedToken issued = tokens.issue(user.get().id(), clock.now());
        return new LoginOutcome.LoggedIn(issued.token(), issued.expiresAt());
    }

    private static Optional<Email> parseEmail(String raw) {
        try {
            return Optional.of(Email.of(raw));
        } catch (InvalidValueException e) {
            return Optional.empty();
        }
    }

    private static Optional<Password> parsePassword(String raw) {
        try {
            return Optional.of(Password.of(raw));
        } catch (InvalidValueException e) {
            return Optional.empty();
        }
    }
}
