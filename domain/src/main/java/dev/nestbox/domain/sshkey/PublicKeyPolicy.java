package dev.nestbox.domain.sshkey;

import java.util.List;
import java.util.Locale;

/**
 * Which SSH public keys a tenant may use: the key types, and the sizes an RSA key may have. Adapters parse a key
 * and ask; the web form and the guest keep copies of {@link #ACCEPTED_TYPES}, tied to this list by a test.
 * Refused: DSA (obsolete), security keys ({@code sk-*}, they need a hardware token the guest cannot reach),
 * certificates, and RSA keys shorter than {@value #MIN_RSA_BITS} bits.
 */
public final class PublicKeyPolicy {
    public static final String ED25519 = "ssh-ed25519";
    public static final String RSA = "ssh-rsa";
    public static final List<String> ECDSA =
            List.of("ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521");
    /** In order of preference. */
    public static final List<String> ACCEPTED_TYPES = List.of(ED25519, ECDSA.get(0), ECDSA.get(1), ECDSA.get(2), RSA);
    public static final int MIN_RSA_BITS = 3072;
    public static final int MAX_RSA_BITS = 16384;
    static final String ACCEPTED = "ssh-ed25519 (recommended), ecdsa-sha2-nistp256/384/521 or ssh-rsa of at least "
            + MIN_RSA_BITS + " bits";

    private PublicKeyPolicy() {
    }

    /** Why a key is refused; {@link #UNKNOWN_TYPE} is the only refusal where the line may simply be malformed. */
    public enum Refusal {
        CERTIFICATE, DSA, SECURITY_KEY, UNKNOWN_TYPE, RSA_TOO_SHORT, RSA_TOO_LONG
    }

    public sealed interface Verdict {
        record Accepted() implements Verdict {
        }

        /** {@code message} is phrased for the key's owner. */
        record Refused(Refusal refusal, String message) implements Verdict {
        }
    }

    private static final Verdict ACCEPTED_VERDICT = new Verdict.Accepted();

    public static boolean acceptsType(String type) {
        return ACCEPTED_TYPES.contains(type);
    }

    /** The verdict on a key type, as written at the start of a public key line. */
    public static Verdict type(String type) {
        if (acceptsType(type)) {
            return ACCEPTED_VERDICT;
        }
        String lower = type.toLowerCase(Locale.ROOT);
        if (lower.contains("-cert-")) {
            return new Verdict.Refused(Refusal.CERTIFICATE, "SSH certificates are not accepted. Paste the plain "
                    + "public key (the .pub file without '-cert'), type " + ACCEPTED + ".");
        }
        if (lower.equals("ssh-dss")) {
            return new Verdict.Refused(Refusal.DSA,
                    "DSA keys (ssh-dss) are obsolete and refused. Create a new key with 'ssh-keygen -t ed25519'.");
        }
        if (lower.startsWith("sk-")) {
            return new Verdict.Refused(Refusal.SECURITY_KEY,
                    "Security-key (FIDO) keys are not supported. Use " + ACCEPTED + ".");
        }
        return new Verdict.Refused(Refusal.UNKNOWN_TYPE,
                "Unsupported key type '" + printable(type) + "'. Use " + ACCEPTED + ".");
    }

    /** The verdict on an RSA key of {@code bits} modulus bits. */
    public static Verdict rsaModulus(int bits) {
        if (bits < MIN_RSA_BITS) {
            return new Verdict.Refused(Refusal.RSA_TOO_SHORT, "This RSA key has only " + bits + " bits; at least "
                    + MIN_RSA_BITS + " are needed. Create a new key with 'ssh-keygen -t ed25519' (recommended) or "
                    + "'ssh-keygen -t rsa -b 4096'.");
        }
        if (bits > MAX_RSA_BITS) {
            return new Verdict.Refused(Refusal.RSA_TOO_LONG, "This RSA key has " + bits + " bits; at most "
                    + MAX_RSA_BITS + " are supported. Create a new key with 'ssh-keygen -t ed25519'.");
        }
        return ACCEPTED_VERDICT;
    }

    private static String printable(String type) {
        String shown = type.length() > 40 ? type.substring(0, 40) + "..." : type;
        return shown.replaceAll("[^\\x21-\\x7e]", "?");
    }
}
