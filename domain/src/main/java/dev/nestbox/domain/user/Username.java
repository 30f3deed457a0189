package dev.nestbox.domain.user;

import dev.nestbox.domain.InvalidValueException;

/** The name a user chose for themselves; their site name is derived from it. */
public record Username(String value) {
    public static final int MAX_LENGTH = 100;

    public Username {
        InvalidValueException.required("username", value);
        if (!value.equals(value.strip())) {
            throw new IllegalArgumentException("use Username.of to build a username from input");
        }
        int length = value.codePointCount(0, value.length());
        if (length < 1) {
            throw new InvalidValueException("username", "username is required");
        }
        if (length > MAX_LENGTH) {
            throw new InvalidValueException("username", "username must be at most " + MAX_LENGTH + " characters");
        }
        if (value.codePoints().anyMatch(Username::isControlOrInvisible)) {
            throw new InvalidValueException("username", "username must not contain control characters");
        }
    }

    public static Username of(String raw) {
        return new Username(InvalidValueException.required("username", raw).strip());
    }

    private static boolean isControlOrInvisible(int codePoint) {
        int type = Character.getType(codePoint);
        return Character.isISOControl(codePoint)
                || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE
                || type == Character.UNASSIGNED;
    }

    @Override
    public String toString() {
        return value;
    }
}
