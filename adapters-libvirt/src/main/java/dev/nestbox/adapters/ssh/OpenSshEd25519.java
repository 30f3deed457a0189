package dev.nestbox.adapters.ssh;

import dev.nestbox.application.port.out.SshKeys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.util.Arrays;
import java.util.Base64;

/**
 * Fresh ed25519 key pairs from the JDK, written the way OpenSSH writes them: the public key as an authorized_keys
 * line and the private key as an unencrypted {@code openssh-key-v1} file (PROTOCOL.key in OpenSSH's sources).
 */
final class OpenSshEd25519 {
    static final String BEGIN = "-----BEGIN OPENSSH PRIVATE KEY-----";
    static final String END = "-----END OPENSSH PRIVATE KEY-----";
    static final byte[] MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final int X509_PREFIX = 12;
    private static final int BLOCK = 8;
    private static final int PEM_WIDTH = 70;

    private final SecureRandom random;

    OpenSshEd25519(SecureRandom random) {
        this.random = random;
    }

    SshKeys.KeyPair generate(String comment) {
        KeyPair pair = newPair();
        // The X.509 form of an Ed25519 public key is a fixed 12-byte header followed by the 32-byte point.
        byte[] encoded = pair.getPublic().getEncoded();
        byte[] point = Arrays.copyOfRange(encoded, X509_PREFIX, encoded.length);
        byte[] seed = ((EdECPrivateKey) pair.getPrivate()).getBytes()
                .orElseThrow(() -> new IllegalStateException("the JDK withheld the ed25519 seed"));
        try {
            String safeComment = KeyComments.sanitise(comment == null ? "" : comment);
            byte[] blob = new WireWriter().string(KeyBlobs.ED25519).string(point).toByteArray();
            String publicLine = KeyBlobs.ED25519 + " " + Base64.getEncoder().encodeToString(blob)
                    + (safeComment.isEmpty() ? "" : " " + safeComment);
            return new SshKeys.KeyPair(publicLine, privateKeyFile(blob, point, seed, safeComment));
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    private String privateKeyFile(byte[] publicBlob, byte[] point, byte[] seed, String comment) {
        byte[] secret = new byte[64];
        System.arraycopy(seed, 0, secret, 0, 32);
        System.arraycopy(point, 0, secret, 32, 32);
        // The two equal check words let a reader tell a wrong passphrase from a damaged file.
        int check = random.nextInt();
        WireWriter section = new WireWriter().uint32(check).uint32(check)
                .string(KeyBlobs.ED25519).string(point).string(secret).string(comment);
        for (int pad = 1; section.size() % BLOCK != 0; pad++) {
            section.rawByte(pad);
        }
        byte[] sectionBytes = section.toByteArray();
        byte[] file = new WireWriter().raw(MAGIC).string("none").string("none").string(new byte[0]).uint32(1)
                .string(publicBlob).string(sectionBytes).toByteArray();
        Arrays.fill(secret, (byte) 0);
        Arrays.fill(sectionBytes, (byte) 0);
        String body = Base64.getEncoder().encodeToString(file);
        Arrays.fill(file, (byte) 0);
        StringBuilder pem = new StringBuilder(BEGIN).append('\n');
        for (int i = 0; i < body.length(); i += PEM_WIDTH) {
            pem.append(body, i, Math.min(body.length(), i + PEM_WIDTH)).append('\n');
        }
        return pem.append(END).append('\n').toString();
    }

    private KeyPair newPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(255, random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the Java runtime (17+) should provide Ed25519", e);
        }
    }

    /**
     * The public key line inside an unencrypted {@code openssh-key-v1} file, so the private key file alone is the
     * truth about a key pair.
     */
    static String publicLineOf(String privateKeyFile, String comment) throws WireReader.MalformedBlob {
        String text = privateKeyFile.strip();
        if (!text.startsWith(BEGIN) || !text.endsWith(END)) {
            throw new WireReader.MalformedBlob("not an OpenSSH private key file");
        }
        byte[] file;
        try {
            file = Base64.getMimeDecoder().decode(text.substring(BEGIN.length(), text.length() - END.length()));
        } catch (IllegalArgumentException e) {
            throw new WireReader.MalformedBlob("its body is not base64");
        }
        if (file.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(file, MAGIC.length), MAGIC)) {
            throw new WireReader.MalformedBlob("it lacks the openssh-key-v1 header");
        }
        WireReader reader = new WireReader(Arrays.copyOfRange(file, MAGIC.length, file.length));
        Arrays.fill(file, (byte) 0);
        if (!"none".equals(reader.name())) {
            throw new WireReader.MalformedBlob("it is passphrase-protected; the platform needs it unencrypted");
        }
        reader.name();
        reader.string();
        if (reader.uint32() != 1) {
            throw new WireReader.MalformedBlob("it holds more than one key");
        }
        byte[] blob = reader.string();
        String type = new WireReader(blob).name();
        return type + " " + Base64.getEncoder().encodeToString(blob) + " " + comment;
    }
}
