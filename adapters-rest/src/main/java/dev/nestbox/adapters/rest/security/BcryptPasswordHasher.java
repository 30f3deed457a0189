package dev.nestbox.adapters.rest.security;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import dev.nestbox.application.port.out.PasswordHasher;
import dev.nestbox.domain.user.Password;

import java.nio.charset.StandardCharsets;

/**
 * bcrypt ($2b$). The domain already refuses passwords over 72 bytes, so the strict strategy never truncates
 * silently.
 */
public final class BcryptPasswordHasher implements PasswordHasher {
    private static final BCrypt.Version VERSION = BCrypt.Version.VERSION_2B;
    private final int cost;
    private final BCrypt.Hasher hasher;
    private final BCrypt.Verifyer verifyer;
    private final String decoy;

    public BcryptPasswordHasher(int cost) {
        if (cost < 4 || cost > 31) {
            throw new IllegalArgumentException("bcrypt cost must be 4-31: " + cost);
        }
        this.cost = cost;
        this.hasher = BCrypt.with(VERSION, new java.security.SecureRandom(), LongPasswordStrategies.strict(VERSION));
        this.verifyer = BCrypt.verifyer(VERSION, LongPasswordStrategies.strict(VERSION));
        this.decoy = hasher.hashToString(cost, "decoy password nobody has".toCharArray());
    }

    @Override
    public String hash(Password password) {
        return hasher.hashToString(cost, password.reveal().toCharArray());
    }

    @Override
    public boolean matches(Password candidate, String hash) {
        try {
            return verifyer.verify(candidate.reveal().getBytes(StandardCharsets.UTF_8),
                    hash.getBytes(StandardCharsets.UTF_8)).verified;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String decoyHash() {
        return decoy;
    }
}
