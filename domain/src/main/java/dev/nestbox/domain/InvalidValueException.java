package dev.nestbox.domain;

/** A value from outside broke a rule of the domain; {@code field} names the input that must change. */
public final class InvalidValueException extends RuntimeException {
    private final String field;

    public InvalidValueException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    public static String required(String field, String value) {
        if (value == null) {
            throw new InvalidValueException(field, field + " is required");
        }
        return value;
    }
}
