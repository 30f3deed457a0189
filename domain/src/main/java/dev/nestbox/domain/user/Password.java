package dev.nestbox.domain.user;

import dev.nestbox.domain.InvalidValueException;

import java.nio.charset.StandardCharsets;

/**
 * A clear-text password on its way to the hasher. bcrypt reads at most 72 bytes, so longer ones are refused
 * rather than silently truncated.
 */
public final class Password {
    public static final int MIN_BYTES = 8;
    public static final int MAX_BYTES = 72;
    private final String value;

    private Password(String value) {
        this.value = value;
    }

    public static Password of(String raw) {
        InvalidValueException.required("password", raw);
        if (hasLoneSurrogate(raw)) {
            // UTF-8 encoding would turn it into '?', silently making two different passwords the same.
            throw new InvalidValueException("password", "password must be valid Unicode text");
        }
        int bytes = raw.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < MIN_BYTES) {
            throw new InvalidValueException("password", "password must be at least " + MIN_BYTES + " bytes");
        }
        if (bytes > MAX_BYTES) {
            throw new InvalidValueException("password", "password must be at most " + MAX_BYTES + " bytes (UTF-8)");
        }
        if (raw.chars().anyMatch(c -> c == 0)) {
            throw new InvalidValueException("password", "password must not contain NUL characters");
        }
        return new Password(raw);
    }

    private static boolean hasLoneSurrogate(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < raw.length() && Character.isLowSurrogate(raw.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "Password[***]";
    }
}
