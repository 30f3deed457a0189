package dev.nestbox.adapters.rest.security;

import dev.nestbox.application.port.out.TokenService;
import dev.nestbox.domain.user.UserId;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;

import javax.crypto.SecretKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HS256 JWTs: {@code sub} is the user id, the issuer is checked, anything unsigned or foreign is refused.
 *
 * <p>A token that verified once is remembered with its user and expiry, so that a client's next requests skip
 * the parse and the HMAC (measured with bench/api: most of GET /host's CPU besides the query). Only verified tokens
 * are remembered, keyed by the whole token, signature included; the expiry is still checked on every use.
 */
public final class JwtTokenService implements TokenService {
    public static final int MIN_SECRET_BYTES = 32;
    /** Tokens remembered at most; beyond that the memory starts afresh (one entry is ~300 bytes). */
    static final int REMEMBERED_TOKENS = 10_000;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final SecretKey key;
    private final String issuer;
    private final Duration ttl;

    public JwtTokenService(byte[] secret, String issuer, Duration ttl) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the JWT secret must have at least 256 bits (32 bytes)");
        }
        this.key = Keys.hmacShaKeyFor(secret);
        this.issuer = issuer;
        this.ttl = ttl;
    }

    public static JwtTokenService withSecret(String secret, String issuer, Duration ttl) {
        return new JwtTokenService(secret.getBytes(StandardCharsets.UTF_8), issuer, ttl);
    }

    @Override
    public IssuedToken issue(UserId user, Instant now) {
        Instant expires = now.plus(ttl);
        String token = Jwts.builder()
                .subject(Long.toString(user.value()))
                .issuer(issuer)
                .id(UUID.randomUUID().toString())
                .issuedAt(Date.from(now))
                .expiration(Date.from(expires))
                .signWith(key, Jwts.SIG.HS256)
                .compact();
        return new IssuedToken(token, expires);
    }

    @Override
    public Optional<UserId> verify(String token, Instant now) {
        Verified known = verified.get(token);
        if (known == null) {
            Optional<Verified> parsed = parse(token, now);
            if (parsed.isEmpty()) {
                return Optional.empty();
            }
            known = parsed.get();
            if (verified.size() >= REMEMBERED_TOKENS) {
                verified.clear();
            }
            verified.put(token, known);
        }
        return now.isBefore(known.expires()) ? Optional.of(known.user()) : Optional.empty();
    }

    int remembered() {
        return verified.size();
    }

    private Optional<Verified> parse(String token, Instant now) {
        JwtParser parser = Jwts.parser()
                .verifyWith(key)
                .requireIssuer(issuer)
                .clock(() -> Date.from(now))
                .build();
        try {
            Jws<Claims> jws = parser.parseSignedClaims(token);
            if (!"HS256".equals(jws.getHeader().getAlgorithm()) || jws.getPayload().getExpiration() == null) {
                return Optional.empty();
            }
            long id = Long.parseLong(jws.getPayload().getSubject());
            return id > 0 ? Optional.of(new Verified(new UserId(id), jws.getPayload().getExpiration().toInstant()))
                    : Optional.empty();
        } catch (JwtException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private record Verified(UserId user, Instant expires) {
    }
}
