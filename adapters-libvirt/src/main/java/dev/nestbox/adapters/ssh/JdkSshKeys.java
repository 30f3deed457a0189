package dev.nestbox.adapters.ssh;

import dev.nestbox.application.port.out.SshKeys;
import dev.nestbox.domain.sshkey.PublicKeyPolicy;

import java.util.Base64;
import java.util.Optional;

/**
 * Tenants' public keys, parsed rather than pattern-matched: the base64 blob is decoded and read field by field, and
 * what is accepted is re-encoded by us, so only a key (and a harmless comment) ever reaches a guest.
 */
final class JdkSshKeys implements SshKeys {
    static final int MAX_INPUT_CHARS = 16 * 1024;

    private final OpenSshEd25519 generator;

    JdkSshKeys(OpenSshEd25519 generator) {
        this.generator = generator;
    }

    @Override
    public Check check(String publicKeyLine) {
        if (publicKeyLine == null || publicKeyLine.isBlank()) {
            return invalid("Paste your public key: one line starting with its type, e.g. 'ssh-ed25519 AAAA... you@host'.");
        }
        if (publicKeyLine.length() > MAX_INPUT_CHARS) {
            return invalid("That is far too long for a public key (over 16 KiB). Paste the one line of your .pub file.");
        }
        if (publicKeyLine.contains("PRIVATE KEY")) {
            return invalid("That is a private key: never share it. Paste the public key instead (the .pub file).");
        }
        // One trailing newline is what copying a whole .pub file gives; anything more is a second line.
        String line = publicKeyLine.strip();
        Optional<String> shape = shapeProblem(line);
        if (shape.isPresent()) {
            return invalid(shape.get());
        }
        String[] parts = line.split("[ \t]+", 3);
        if (parts.length < 2) {
            return invalid("A public key line has the key type, then the key itself, e.g. 'ssh-ed25519 AAAA... you@host'.");
        }
        String type = parts[0];
        Optional<String> typeProblem = typeProblem(type, line);
        if (typeProblem.isPresent()) {
            return invalid(typeProblem.get());
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            return invalid("The key is not valid base64: it was probably cut or changed while copying. "
                    + "Copy the whole line again from your .pub file.");
        }
        Optional<String> blobProblem = KeyBlobs.problem(type, blob);
        if (blobProblem.isPresent()) {
            return invalid(blobProblem.get());
        }
        String comment = parts.length == 3 ? KeyComments.sanitise(parts[2]) : "";
        String canonical = type + " " + Base64.getEncoder().encodeToString(blob) + (comment.isEmpty() ? "" : " " + comment);
        return new Check.Valid(canonical, type, Fingerprints.sha256(blob));
    }

    @Override
    public KeyPair generate(String comment) {
        return generator.generate(comment);
    }

    private static Optional<String> shapeProblem(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\n' || c == '\r') {
                return Optional.of("Paste exactly one key on one line; to use several keys, add the others to "
                        + "~/.ssh/authorized_keys on your site once you can log in.");
            }
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return Optional.of("The key contains invisible control characters. Copy the line again from your .pub file.");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> typeProblem(String type, String line) {
        PublicKeyPolicy.Verdict verdict = PublicKeyPolicy.type(type);
        if (verdict instanceof PublicKeyPolicy.Verdict.Refused refused
                && refused.refusal() == PublicKeyPolicy.Refusal.UNKNOWN_TYPE && startsWithKnownTypeLater(line)) {
            return Optional.of("Options in front of the key (such as command=, from= or restrict) are not accepted. "
                    + "Paste the key starting with its type, e.g. 'ssh-ed25519 AAAA... you@host'.");
        }
        return KeyBlobs.refusal(verdict);
    }

    private static boolean startsWithKnownTypeLater(String line) {
        String[] tokens = line.split("[ \t]+");
        for (int i = 1; i < tokens.length; i++) {
            if (PublicKeyPolicy.acceptsType(tokens[i]) || "ssh-dss".equals(tokens[i])) {
                return true;
            }
        }
        return false;
    }

    private static Check invalid(String reason) {
        return new Check.Invalid(reason);
    }
}
