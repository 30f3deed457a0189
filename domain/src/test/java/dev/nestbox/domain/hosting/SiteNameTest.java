package dev.nestbox.domain.hosting;

import dev.nestbox.domain.InvalidValueException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SiteNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"abc", "alice", "a-b", "a1-2b", "123", "x-site", "abcdefghijklmnopqrstuvwxyz012345"})
    void lower_case_letters_digits_and_inner_hyphens_of_3_to_32_are_site_names(String value) {
        assertThat(SiteName.of(value).value()).isEqualTo(value);
        assertThat(SiteName.of(value).toString()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Alice", "-abc", "abc-", "a_b", "a.b", "a b", "ab/c", "élan", "abc\n"})
    void any_other_shape_is_refused_naming_vm_id(String value) {
        assertThatThrownBy(() -> SiteName.of(value))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("vm_id"));
    }

    @Test
    void shorter_than_3_or_longer_than_32_is_refused() {
        assertThatThrownBy(() -> SiteName.of("ab")).hasMessage("site name must be 3-32 characters");
        assertThatThrownBy(() -> SiteName.of("a".repeat(33))).hasMessage("site name must be 3-32 characters");
        assertThatThrownBy(() -> SiteName.of(null)).isInstanceOf(InvalidValueException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"api", "admin", "login", "register", "host", "health", "well-known", "site", "www"})
    void reserved_words_are_refused(String word) {
        assertThatThrownBy(() -> SiteName.of(word))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("site name '" + word + "' is reserved");
    }

    @Test
    void every_reserved_word_that_could_be_a_slug_is_refused() {
        for (String word : SiteName.RESERVED) {
            assertThatThrownBy(() -> SiteName.of(word)).as(word).isInstanceOf(InvalidValueException.class);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "Alice|alice",
            "Alice Smith|alice-smith",
            "  Alice  --  Smith!! |alice-smith",
            "ÅLÎÇÉ Dupont|alice-dupont",
            "François Müller-Lüdenscheidt|francois-muller-ludenscheidt",
            "İstanbul|istanbul",
            "ﬁnn|finn",
            "user_42|user-42",
            "O'Brien|o-brien",
            "bob@example.com|bob-example-com",
            "2024|2024"})
    void the_first_candidate_is_the_usernames_slug(String username, String site) {
        assertThat(SiteName.candidate(username, 0)).isEqualTo(SiteName.of(site));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"김철수", "", "   ", "___", "😀😀", "中文名字"})
    void a_username_with_nothing_latin_in_it_falls_back_to_numbered_site_names(String username) {
        assertThat(SiteName.candidate(username, 0)).isEqualTo(SiteName.of("site-1"));
        assertThat(SiteName.candidate(username, 1)).isEqualTo(SiteName.of("site-2"));
        assertThat(SiteName.candidate(username, 9)).isEqualTo(SiteName.of("site-10"));
    }

    @Test
    void a_missing_username_falls_back_too() {
        assertThat(SiteName.candidate(null, 0)).isEqualTo(SiteName.of("site-1"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"a, a-site", "Al, al-site", "x!, x-site", "7, 7-site", "Ö, o-site"})
    void a_slug_too_short_is_lengthened(String username, String site) {
        assertThat(SiteName.candidate(username, 0)).isEqualTo(SiteName.of(site));
        assertThat(SiteName.candidate(username, 1)).isEqualTo(SiteName.of(site + "-2"));
    }

    @Test
    void later_candidates_take_numeric_suffixes() {
        assertThat(SiteName.candidate("Alice", 1)).isEqualTo(SiteName.of("alice-2"));
        assertThat(SiteName.candidate("Alice", 2)).isEqualTo(SiteName.of("alice-3"));
        assertThat(SiteName.candidate("Alice", 9_999)).isEqualTo(SiteName.of("alice-10000"));
        assertThatThrownBy(() -> SiteName.candidate("Alice", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_reserved_slug_always_takes_a_suffix() {
        assertThat(SiteName.candidate("Admin", 0)).isEqualTo(SiteName.of("admin-2"));
        assertThat(SiteName.candidate("API!", 1)).isEqualTo(SiteName.of("api-3"));
        assertThat(SiteName.candidate("Site", 0)).isEqualTo(SiteName.of("site-2"));
    }

    @Test
    void a_long_slug_is_cut_to_32_without_a_trailing_hyphen() {
        assertThat(SiteName.candidate("x".repeat(40), 0).value()).isEqualTo("x".repeat(32));
        // Cutting at 32 would end on the hyphen before "b".
        assertThat(SiteName.candidate("a".repeat(31) + " bcd", 0).value()).isEqualTo("a".repeat(31));
        assertThat(SiteName.candidate("ab" + "-".repeat(29) + "cd", 0).value()).isEqualTo("ab-cd");
    }

    @Test
    void suffixes_never_push_a_name_past_32_nor_leave_a_hyphen_before_them() {
        Set<SiteName> seen = new HashSet<>();
        for (String username : new String[]{"x".repeat(40), "a-".repeat(20), "Ab Cd ".repeat(10), "abcdefghijklmnopqrstuvwxyz-abcdef"}) {
            for (int attempt : new int[]{0, 1, 2, 8, 9, 98, 99, 998, 999, 9_998, 9_999, 99_999}) {
                SiteName name = SiteName.candidate(username, attempt);
                assertThat(name.value()).as(username + " #" + attempt).hasSizeLessThanOrEqualTo(32).doesNotContain("--");
                assertThat(seen.add(name)).as("candidates differ: " + name).isTrue();
            }
        }
        assertThat(SiteName.candidate("x".repeat(40), 1).value()).isEqualTo("x".repeat(30) + "-2");
        assertThat(SiteName.candidate("x".repeat(40), 9_999).value()).isEqualTo("x".repeat(26) + "-10000");
        String long33 = "abcdefghijklmnopqrstuvwxyz-abcdef";
        assertThat(SiteName.candidate(long33, 9).value()).isEqualTo("abcdefghijklmnopqrstuvwxyz-ab-10");
        // Cut to make room for "-1000", the head would end in "-": the hyphen goes, not a character more.
        assertThat(SiteName.candidate(long33, 999).value()).isEqualTo("abcdefghijklmnopqrstuvwxyz-1000");
        assertThat(SiteName.candidate(long33, 99_999).value()).isEqualTo("abcdefghijklmnopqrstuvwxy-100000");
    }

    @Test
    void a_deployments_own_reservations_keep_new_sites_off_those_names_too() {
        SiteName.Reservations panelLabel = SiteName.Reservations.plus(java.util.List.of("console", "Blog-2"));

        assertThat(SiteName.candidate("Console", 0)).as("built-in rules alone").isEqualTo(SiteName.of("console"));
        assertThat(panelLabel.reserves("console")).isTrue();
        assertThat(panelLabel.reserves("admin")).as("the built-in list still counts").isTrue();
        assertThat(panelLabel.reserves("alice")).isFalse();
        assertThat(panelLabel.candidate("Console", 0)).isEqualTo(SiteName.of("console-2"));
        assertThat(panelLabel.candidate("console!", 1)).isEqualTo(SiteName.of("console-3"));
        assertThat(panelLabel.candidate("blog", 0)).isEqualTo(SiteName.of("blog"));
        assertThat(panelLabel.candidate("blog", 1)).as("a reserved numbered name is skipped").isEqualTo(SiteName.of("blog-3"));
        assertThat(panelLabel.candidate("Alice", 0)).isEqualTo(SiteName.of("alice"));
        assertThat(panelLabel.candidate("김철수", 0)).isEqualTo(SiteName.of("site-1"));
        // A site stored before the reservation still loads.
        assertThat(SiteName.of("console").value()).isEqualTo("console");
    }

    @Test
    void the_built_in_reservations_give_the_same_candidates_as_before() {
        for (String username : new String[]{"Alice", "Admin", "", "a", "x".repeat(40)}) {
            for (int attempt : new int[]{0, 1, 2, 50}) {
                assertThat(SiteName.Reservations.BUILT_IN.candidate(username, attempt))
                        .isEqualTo(SiteName.candidate(username, attempt));
            }
        }
        assertThatThrownBy(() -> SiteName.Reservations.BUILT_IN.candidate("Alice", -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
