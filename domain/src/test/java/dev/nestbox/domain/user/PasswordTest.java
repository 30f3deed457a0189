package dev.nestbox.domain.user;

import dev.nestbox.domain.InvalidValueException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordTest {

    @Test
    void eight_to_seventy_two_bytes_are_accepted_as_given() {
        assertThat(Password.of("12345678").reveal()).isEqualTo("12345678");
        assertThat(Password.of("x".repeat(72)).reveal()).hasSize(72);
        assertThat(Password.of("  spaces kept  ").reveal()).isEqualTo("  spaces kept  ");
    }

    @Test
    void shorter_than_eight_bytes_is_refused() {
        assertThatThrownBy(() -> Password.of("1234567"))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                    assertThat(e.field()).isEqualTo("password");
                    assertThat(e.getMessage()).isEqualTo("password must be at least 8 bytes");
                });
        assertThatThrownBy(() -> Password.of("")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> Password.of(null)).isInstanceOf(InvalidValueException.class).hasMessage("password is required");
    }

    @Test
    void longer_than_seventy_two_bytes_is_refused_not_truncated() {
        assertThatThrownBy(() -> Password.of("x".repeat(73)))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("password must be at most 72 bytes (UTF-8)");
    }

    @Test
    void multi_byte_characters_count_in_utf8_bytes() {
        // é is 2 bytes, € is 3, 😀 is 4 (and 2 UTF-16 units).
        assertThat(Password.of("éééé").reveal()).hasSize(4);
        assertThatThrownBy(() -> Password.of("ééé")).isInstanceOf(InvalidValueException.class);
        assertThat(Password.of("😀😀").reveal()).isEqualTo("😀😀");
        assertThatThrownBy(() -> Password.of("😀x")).as("6 bytes").isInstanceOf(InvalidValueException.class);

        String seventyTwo = "€".repeat(24);
        assertThat(seventyTwo.getBytes(StandardCharsets.UTF_8)).hasSize(72);
        assertThat(Password.of(seventyTwo).reveal()).isEqualTo(seventyTwo);
        // 25 characters only, but 75 bytes.
        assertThatThrownBy(() -> Password.of("€".repeat(25))).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> Password.of("x".repeat(70) + "é" + "x")).as("73 bytes").isInstanceOf(InvalidValueException.class);
    }

    @Test
    void nul_characters_are_refused() {
        assertThatThrownBy(() -> Password.of("password\u0000suffix"))
                .isInstanceOf(InvalidValueException.class).hasMessage("password must not contain NUL characters");
    }

    @Test
    void lone_surrogates_are_refused_since_utf8_would_silently_turn_them_into_question_marks() {
        assertThatThrownBy(() -> Password.of("\uD800abcdefgh"))
                .isInstanceOf(InvalidValueException.class).hasMessage("password must be valid Unicode text");
        assertThatThrownBy(() -> Password.of("abcdefgh\uDC00")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> Password.of("abcd\uDE00\uD83Defgh")).as("reversed pair").isInstanceOf(InvalidValueException.class);
    }

    @Test
    void never_shows_itself_in_logs() {
        assertThat(Password.of("correct horse battery").toString()).doesNotContain("horse").isEqualTo("Password[***]");
    }
}
