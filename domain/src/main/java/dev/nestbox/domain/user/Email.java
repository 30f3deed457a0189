package dev.nestbox.domain.user;

import dev.nestbox.domain.InvalidValueException;

import java.util.Locale;
import java.util.regex.Pattern;

/** An e-mail address as users type it: trimmed, lower-cased, syntactically checked. */
public record Email(String value) {
    public static final int MAX_LENGTH = 255;
    // Deliberately conservative: dot-atom local part, domain of DNS labels with a dotted TLD.
    private static final Pattern SHAPE = Pattern.compile(
            "^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$");

    public Email {
        InvalidValueException.required("email", value);
        if (!value.equals(normalise(value))) {
            throw new IllegalArgumentException("use Email.of to build an e-mail from input");
        }
        if (value.isEmpty()) {
            throw new InvalidValueException("email", "email is required");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidValueException("email", "email must be at most " + MAX_LENGTH + " characters");
        }
        if (!SHAPE.matcher(value).matches()) {
            throw new InvalidValueException("email", "email is not a valid address");
        }
    }

    public static Email of(String raw) {
        return new Email(normalise(InvalidValueException.required("email", raw)));
    }

    private static String normalise(String raw) {
        return raw.strip().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return value;
    }
}
