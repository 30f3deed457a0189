package dev.nestbox.adapters.rest.security;

import dev.nestbox.application.port.out.TokenService;
import dev.nestbox.domain.user.UserId;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwtTokenServiceTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private final JwtTokenService tokens = JwtTokenService.withSecret(SECRET, "nestbox", Duration.ofHours(1));
    private final Instant now = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void a_token_speaks_for_its_user_until_it_expires() {
        TokenService.IssuedToken issued = tokens.issue(new UserId(42), now);
        assertThat(issued.expiresAt()).isEqualTo(now.plus(Duration.ofHours(1)));
        assertThat(tokens.verify(issued.token(), now.plusSeconds(3599))).contains(new UserId(42));
        assertThat(tokens.verify(issued.token(), now.plusSeconds(3601 + 60))).isEmpty();
    }

    @Test
    void a_remembered_token_still_expires_and_a_tampered_copy_is_not_taken_for_it() {
        String token = tokens.issue(new UserId(42), now).token();
        assertThat(tokens.verify(token, now)).contains(new UserId(42));
        assertThat(tokens.verify(token, now.plusSeconds(60))).contains(new UserId(42));

        String[] parts = token.split("\\.");
        String otherUser = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("\"sub\":\"42\"", "\"sub\":\"43\"").getBytes(StandardCharsets.UTF_8));
        assertThat(otherUser).isNotEqualTo(parts[1]);
        assertThat(tokens.verify(parts[0] + "." + otherUser + "." + parts[2], now)).isEmpty();

        assertThat(tokens.verify(token, now.plus(Duration.ofHours(1)))).isEmpty();
    }

    @Test
    void memory_is_bounded_and_tokens_verify_after_it_starts_afresh() {
        String first = tokens.issue(new UserId(1), now).token();
        assertThat(tokens.verify(first, now)).contains(new UserId(1));
        for (int i = 0; i < JwtTokenService.REMEMBERED_TOKENS; i++) {
            tokens.verify(tokens.issue(new UserId(2), now).token(), now);
            assertThat(tokens.remembered()).isLessThanOrEqualTo(JwtTokenService.REMEMBERED_TOKENS);
        }
        assertThat(tokens.verify(first, now)).contains(new UserId(1));
    }

    @Test
    void secrets_shorter_than_256_bits_are_refused() {
        assertThatThrownBy(() -> JwtTokenService.withSecret("too short", "nestbox", Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("256 bits");
    }

    @Test
    void another_issuer_another_key_another_algorithm_and_no_signature_are_refused() {
        String otherIssuer = JwtTokenService.withSecret(SECRET, "someone-else", Duration.ofHours(1))
                .issue(new UserId(1), now).token();
        String otherKey = JwtTokenService.withSecret("another secret of 32 bytes at least!", "nestbox",
                Duration.ofHours(1)).issue(new UserId(1), now).token();
        String hs512 = Jwts.builder().subject("1").issuer("nestbox").expiration(Date.from(now.plusSeconds(60)))
                .signWith(Keys.hmacShaKeyFor((SECRET + SECRET).getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS512)
                .compact();
        String noExpiry = Jwts.builder().subject("1").issuer("nestbox")
                .signWith(Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256).compact();
        String payload = tokens.issue(new UserId(1), now).token().split("\\.")[1];
        String none = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + payload + ".";
        for (String token : new String[]{otherIssuer, otherKey, hs512, noExpiry, none, "", "a.b.c"}) {
            assertThat(tokens.verify(token, now)).as(token).isEmpty();
        }
    }
}
