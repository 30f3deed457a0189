package dev.nestbox.adapters.rest.security;

import dev.nestbox.domain.user.Password;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BcryptPasswordHasherTest {
    private final BcryptPasswordHasher hasher = new BcryptPasswordHasher(4);

    @Test
    void hashes_are_salted_bcrypt_and_verify() {
        String hash = hasher.hash(Password.of("password123"));
        assertThat(hash).startsWith("$2b$04$").isNotEqualTo(hasher.hash(Password.of("password123")));
        assertThat(hasher.matches(Password.of("password123"), hash)).isTrue();
        assertThat(hasher.matches(Password.of("password124"), hash)).isFalse();
    }

    @Test
    void all_72_bytes_count() {
        String hash = hasher.hash(Password.of("a".repeat(72)));
        assertThat(hasher.matches(Password.of("a".repeat(72)), hash)).isTrue();
        assertThat(hasher.matches(Password.of("a".repeat(71) + "b"), hash)).isFalse();
    }

    @Test
    void the_configured_cost_is_used_and_a_broken_hash_never_matches() {
        assertThat(new BcryptPasswordHasher(5).hash(Password.of("password123"))).startsWith("$2b$05$");
        assertThat(hasher.matches(Password.of("password123"), "not a hash")).isFalse();
        assertThat(hasher.matches(Password.of("password123"), hasher.decoyHash())).isFalse();
    }
}
