package dev.nestbox.adapters.ssh;

import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SSH host key a guest announced on its console: the built-in guest's
 * {@code NESTBOX-HOSTKEY ssh-ed25519 <base64> SHA256:<fingerprint>} line (guest/README.md), or the ed25519 line
 * cloud-init prints between {@code -----BEGIN SSH HOST KEY KEYS-----} and {@code -----END SSH HOST KEY KEYS-----}.
 * The last announcement wins (the log may hold several boots).
 */
record ConsoleHostKey(String type, byte[] blob) {
    static final String MARKER = "NESTBOX-HOSTKEY";
    private static final Pattern NESTBOX_LINE = Pattern.compile(
            "(?m)^" + MARKER + " (ssh-ed25519) ([A-Za-z0-9+/]+={0,3})(?: (SHA256:[A-Za-z0-9+/]+))?\\r?$");
    private static final Pattern CLOUD_INIT_BLOCK = Pattern.compile(
            "-----BEGIN SSH HOST KEY KEYS-----(.*?)-----END SSH HOST KEY KEYS-----", Pattern.DOTALL);
    private static final Pattern CLOUD_INIT_LINE = Pattern.compile(
            "(?m)^(ssh-ed25519) ([A-Za-z0-9+/]+={0,3})(?: [^\\r\\n]*)?\\r?$");

    ConsoleHostKey {
        blob = blob.clone();
    }

    @Override
    public byte[] blob() {
        return blob.clone();
    }

    String fingerprint() {
        return Fingerprints.sha256(blob);
    }

    /**
     * The last host key announced in {@code log}. A line whose key does not parse, or whose fingerprint does not
     * match its key, is not an announcement (a garbled console line must never become a pin).
     */
    static Optional<ConsoleHostKey> lastIn(String log) {
        ConsoleHostKey last = null;
        int lastAt = -1;
        Matcher m = NESTBOX_LINE.matcher(log);
        while (m.find()) {
            Optional<ConsoleHostKey> key = parse(m.group(1), m.group(2), Optional.ofNullable(m.group(3)));
            if (key.isPresent()) {
                last = key.get();
                lastAt = m.start();
            }
        }
        Matcher block = CLOUD_INIT_BLOCK.matcher(log);
        while (block.find()) {
            Matcher line = CLOUD_INIT_LINE.matcher(block.group(1));
            while (line.find()) {
                Optional<ConsoleHostKey> key = parse(line.group(1), line.group(2), Optional.empty());
                if (key.isPresent() && block.start() > lastAt) {
                    last = key.get();
                    lastAt = block.start();
                }
            }
        }
        return Optional.ofNullable(last);
    }

    private static Optional<ConsoleHostKey> parse(String type, String base64, Optional<String> fingerprint) {
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (KeyBlobs.problem(type, blob).isPresent()) {
            return Optional.empty();
        }
        ConsoleHostKey key = new ConsoleHostKey(type, blob);
        if (fingerprint.isPresent() && !fingerprint.get().equals(key.fingerprint())) {
            return Optional.empty();
        }
        return Optional.of(key);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConsoleHostKey k && k.type.equals(type) && Arrays.equals(k.blob, blob);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + Arrays.hashCode(blob);
    }

    @Override
    public String toString() {
        return type + " " + fingerprint();
    }
}
