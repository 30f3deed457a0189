package dev.nestbox.application.port.out;

/** Reads tenants' SSH public keys and makes key pairs for those who bring none. */
public interface SshKeys {
    Check check(String publicKeyLine);

    KeyPair generate(String comment);

    sealed interface Check {
        /** {@code line} is the key re-encoded by us, so nothing but the key reaches a guest. */
        record Valid(String line, String type, String fingerprint) implements Check {
        }

        record Invalid(String reason) implements Check {
        }
    }

    record KeyPair(String publicKeyLine, String privateKeyPem) {
        @Override
        public String toString() {
            return "KeyPair[" + publicKeyLine + ", private key ***]";
        }
    }
}
