package dev.nestbox.application.fakes;

import dev.nestbox.application.port.out.PasswordHasher;
import dev.nestbox.domain.user.Password;

import java.util.ArrayList;
import java.util.List;

/** A reversible "hash" that counts how often it is asked, since login must always ask exactly once. */
public final class FakeHasher implements PasswordHasher {
    public static final String DECOY = "hashed:<decoy>";
    private int hashes;
    private final List<String> comparedAgainst = new ArrayList<>();

    @Override
    public synchronized String hash(Password password) {
        hashes++;
        return "hashed:" + password.reveal();
    }

    @Override
    public synchronized boolean matches(Password candidate, String hash) {
        comparedAgainst.add(hash);
        return hash.equals("hashed:" + candidate.reveal());
    }

    @Override
    public String decoyHash() {
        return DECOY;
    }

    public synchronized int hashes() {
        return hashes;
    }

    /** The stored hashes that {@link #matches} was asked to compare with, in order. */
    public synchronized List<String> comparedAgainst() {
        return List.copyOf(comparedAgainst);
    }
}
