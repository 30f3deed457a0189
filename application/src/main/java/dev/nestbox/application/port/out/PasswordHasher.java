package dev.nestbox.application.port.out;

import dev.nestbox.domain.user.Password;

public interface PasswordHasher {
    String hash(Password password);

    boolean matches(Password candidate, String hash);

    /** A valid hash of no one's password, compared against when the e-mail is unknown so timing leaks nothing. */
    String decoyHash();
}
