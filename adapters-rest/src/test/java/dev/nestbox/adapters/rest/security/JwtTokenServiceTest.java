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
