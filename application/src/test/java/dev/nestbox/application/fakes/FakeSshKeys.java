package dev.nestbox.application.fakes;

import dev.nestbox.application.port.out.SshKeys;

import java.util.concurrent.atomic.AtomicInteger;

/** Accepts lines starting with "ssh-ed25519 " and re-encodes them; generates numbered key pairs. */
public final class FakeSshKeys implements SshKeys {
    private final AtomicInteger generated = new AtomicInteger();

    @Override
    public Check check(String publicKeyLine) {
        String[] parts = publicKeyLine.strip().split("\\s+");
        if (parts.length < 2 || !parts[0].equals("ssh-ed25519")) {
            return new Check.Invalid("not an ssh-ed25519 public key");
        }
        return new Check.Valid("ssh-ed25519 " + parts[1], "ssh-ed25519", "SHA256:" + parts[1]);
    }

    @Override
    public KeyPair generate(String comment) {
        int n = generated.incrementAndGet();
        return new KeyPair("ssh-ed25519 AAAAgenerated" + n + " " + comment,
                "-----BEGIN OPENSSH PRIVATE KEY-----\nsecret" + n + "\n-----END OPENSSH PRIVATE KEY-----\n");
    }

    public int generatedCount() {
        return generated.get();
    }
}
