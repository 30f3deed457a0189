package dev.nestbox.application.port.in;

import dev.nestbox.domain.InvalidValueException;

/**
 * Only presence is checked: a malformed e-mail or a too-short password simply fails to log in, with the same
 * answer as any other wrong credentials.
 */
public record LogInCommand(String email, String password) {
    public LogInCommand {
        InvalidValueException.required("email", email);
        InvalidValueException.required("password", password);
        if (email.isBlank()) {
            throw new InvalidValueException("email", "email is required");
        }
        if (password.isEmpty()) {
            throw new InvalidValueException("password", "password is required");
        }
    }

    @Override
    public String toString() {
        return "LogInCommand[email=" + email + ", password=***]";
    }
}
