package dev.nestbox.domain.user;

import dev.nestbox.domain.InvalidValueException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UsernameTest {

    @Test
    void is_trimmed_but_keeps_its_case_spaces_and_letters() {
        assertThat(Username.of("  Ålice de Wonder-Land  ").value()).isEqualTo("Ålice de Wonder-Land");
        assertThat(Username.of("김철수").value()).isEqualTo("김철수");
    }

    @Test
    void one_to_a_hundred_characters_counted_in_code_points() {
        assertThat(Username.of("x").value()).isEqualTo("x");
        assertThat(Username.of("x".repeat(100)).value()).hasSize(100);
        // 100 emoji are 200 UTF-16 units but 100 characters.
        String hundredEmoji = "\uD83D\uDE00".repeat(100);
        assertThat(Username.of(hundredEmoji).value()).isEqualTo(hundredEmoji);

        assertThatThrownBy(() -> Username.of("x".repeat(101)))
                .isInstanceOf(InvalidValueException.class).hasMessage("username must be at most 100 characters");
        assertThatThrownBy(() -> Username.of("\uD83D\uDE00".repeat(101))).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void empty_or_blank_is_required() {
        assertThatThrownBy(() -> Username.of("")).isInstanceOf(InvalidValueException.class).hasMessage("username is required");
        assertThatThrownBy(() -> Username.of(" \t ")).isInstanceOf(InvalidValueException.class).hasMessage("username is required");
        assertThatThrownBy(() -> Username.of(null))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("username"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"al\u0000ice", "al\nice", "al\tice", "al\u007fice", "al\u0085ice", "al\u200bice",
            "al\u202eice", "al\u2028ice", "al\u2029ice", "al\uFEFFice", "al\uD800ice", "al\u0378ice"})
    void control_invisible_and_unassigned_characters_are_refused(String name) {
        assertThatThrownBy(() -> Username.of(name))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                    assertThat(e.field()).isEqualTo("username");
                    assertThat(e.getMessage()).isEqualTo("username must not contain control characters");
                });
    }

    @Test
    void the_constructor_takes_only_trimmed_values() {
        assertThatThrownBy(() -> new Username(" bob")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Username("bob")).isEqualTo(Username.of(" bob "));
    }
}
