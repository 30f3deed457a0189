package dev.nestbox.adapters.ssh;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import dev.nestbox.application.port.out.SshKeys;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Fresh ed25519 key pairs made by jsch, written the way OpenSSH writes them: the public key as an authorized_keys
 * line and the private key as an unencrypted {@code openssh-key-v1} file.
 */
final class OpenSshEd25519 {
    private final JSch jsch = new JSch();

    SshKeys.KeyPair generate(String comment) {
        String safeComment = KeyComments.sanitise(comment == null ? "" : comment);
        KeyPair pair;
        try {
            pair = KeyPair.genKeyPair(jsch, KeyPair.ED25519);
        } catch (JSchException e) {
            throw new IllegalStateException("jsch could not generate an ed25519 key pair: " + e.getMessage(), e);
        }
        try {
            pair.setPublicKeyComment(safeComment);
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            pair.writeOpenSSHv1PrivateKey(file, null);
            byte[] bytes = file.toByteArray();
            String pem = new String(bytes, StandardCharsets.US_ASCII);
            Arrays.fill(bytes, (byte) 0);
            return new SshKeys.KeyPair(publicLine(pair, safeComment), pem);
        } catch (JSchException e) {
            throw new IllegalStateException("jsch could not write an ed25519 private key: " + e.getMessage(), e);
        } finally {
            pair.dispose();
        }
    }

    /**
     * The public key line of an unencrypted private key file, so the private key file alone is the truth about a
     * key pair.
     */
    static String publicLineOf(String privateKeyFile, String comment) throws WireReader.MalformedBlob {
        KeyPair pair;
        try {
            pair = KeyPair.load(new JSch(), privateKeyFile.getBytes(StandardCharsets.US_ASCII), null);
        } catch (JSchException e) {
            throw new WireReader.MalformedBlob("not a private key file OpenSSH or jsch can read ("
                    + e.getMessage() + ")");
        }
        try {
            if (pair.isEncrypted()) {
                throw new WireReader.MalformedBlob("it is passphrase-protected; the platform needs it unencrypted");
            }
            return publicLine(pair, comment);
        } finally {
            pair.dispose();
        }
    }

    private static String publicLine(KeyPair pair, String comment) {
        return pair.getKeyTypeString() + " " + Base64.getEncoder().encodeToString(pair.getPublicKeyBlob())
                + (comment.isEmpty() ? "" : " " + comment);
    }
}
