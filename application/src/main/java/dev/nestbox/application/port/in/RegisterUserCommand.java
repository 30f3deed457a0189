package dev.nestbox.application.port.in;

import dev.nestbox.domain.user.Email;
import dev.nestbox.domain.user.Password;
import dev.nestbox.domain.user.Username;

/** Built from raw input; throws {@link dev.nestbox.domain.InvalidValueException} naming the first bad field. */
public record RegisterUserCommand(Email email, Password password, Username username) {
    public static RegisterUserCommand of(String email, String password, String username) {
        return new RegisterUserCommand(Email.of(email), Password.of(password), Username.of(username));
    }
}
