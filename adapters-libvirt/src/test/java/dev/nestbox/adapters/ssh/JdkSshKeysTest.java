package dev.nestbox.adapters.ssh;

import dev.nestbox.application.port.out.SshKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** Key lines made by the real ssh-keygen, good and broken in the ways users and attackers break them. */
class JdkSshKeysTest {
    @TempDir
    static Path keys;

    private final SshKeys sshKeys = new GuestSsh(GuestSshSettings.defaults(Path.of("/nonexistent-unused"))).keys();

    @BeforeAll
    static void requireTools() {
        SystemTools.require("ssh-keygen", "openssh-client");
    }

    @ParameterizedTest(name = "{0} {1} bits accepted")
    @CsvSource({
            "ed25519, 256, ssh-ed25519",
            "ecdsa, 256, ecdsa-sha2-nistp256",
            "ecdsa, 384, ecdsa-sha2-nistp384",
            "ecdsa, 521, ecdsa-sha2-nistp521",
            "rsa, 3072, ssh-rsa",
            "rsa, 4096, ssh-rsa"})
    void accepts_keys_made_by_ssh_keygen_with_the_fingerprint_ssh_keygen_shows(String type, int bits,
                                                                               String expectedType) {
        Path file = keygen(type, bits, "alice@laptop");
        String line = publicLine(file);

        SshKeys.Check check = sshKeys.check(line + "\n");

        assertThat(check).isInstanceOf(SshKeys.Check.Valid.class);
        SshKeys.Check.Valid valid = (SshKeys.Check.Valid) check;
        assertThat(valid.type()).isEqualTo(expectedType);
        assertThat(valid.line()).isEqualTo(line);
        String sshKeygenFingerprint = SystemTools.runOk("ssh-keygen", "-l", "-E", "sha256", "-f", file + ".pub")
                .stdout().split(" ")[1];
        assertThat(valid.fingerprint()).isEqualTo(sshKeygenFingerprint);
    }

    @Test
    void refuses_rsa_below_3072_bits_and_says_what_to_do() {
        String line = publicLine(keygen("rsa", 2048, "old"));

        assertThat(reason(line)).contains("2048 bits").contains("3072").contains("ssh-keygen -t ed25519");
    }

    @Test
    void refuses_dsa() {
        assertThat(reason(publicLine(keygen("dsa", 1024, "ancient")))).contains("DSA").contains("ssh-keygen -t ed25519");
    }

    @Test
    void refuses_certificates() throws IOException {
        Path ca = keygen("ed25519", 256, "ca");
        Path user = keygen("ed25519", 256, "user");
        SystemTools.runOk("ssh-keygen", "-q", "-s", ca.toString(), "-I", "id", "-n", "root", user + ".pub");
        String cert = Files.readString(Path.of(user + "-cert.pub")).strip();

        assertThat(cert).startsWith("ssh-ed25519-cert-v01@openssh.com ");
        assertThat(reason(cert)).contains("certificates are not accepted");
    }

    @Test
    void refuses_an_options_prefix() {
        String line = publicLine(keygen("ed25519", 256, "x"));

        assertThat(reason("command=\"/bin/sh\",no-pty " + line)).contains("Options in front of the key");
        assertThat(reason("restrict " + line)).contains("Options in front of the key");
    }

    @Test
    void refuses_two_lines_even_of_good_keys() {
        String one = publicLine(keygen("ed25519", 256, "one"));
        String two = publicLine(keygen("ed25519", 256, "two"));

        assertThat(reason(one + "\n" + two)).contains("one key on one line");
        assertThat(reason(one + "\r" + two)).contains("one key on one line");
    }

    @Test
    void accepts_a_trailing_newline_and_surrounding_blanks() {
        String line = publicLine(keygen("ed25519", 256, "me"));

        assertThat(sshKeys.check("  " + line + "\r\n")).isInstanceOf(SshKeys.Check.Valid.class);
    }

    @Test
    void refuses_a_blob_whose_inner_type_differs_from_the_outer_type() {
        String ecdsa = publicLine(keygen("ecdsa", 256, "e"));
        String ed = publicLine(keygen("ed25519", 256, "e"));

        assertThat(reason("ssh-ed25519 " + ecdsa.split(" ")[1])).contains("says it is a 'ecdsa-sha2-nistp256' key");
        assertThat(reason("ecdsa-sha2-nistp384 " + ecdsa.split(" ")[1])).contains("line was altered");
        assertThat(reason("ssh-rsa " + ed.split(" ")[1])).contains("line was altered");
    }

    @Test
    void refuses_trailing_bytes_in_the_blob() {
        byte[] blob = blobOf(publicLine(keygen("ed25519", 256, "t")));
        byte[] longer = Arrays.copyOf(blob, blob.length + 4);

        assertThat(reason("ssh-ed25519 " + b64(longer))).contains("extra bytes");
    }

    @Test
    void refuses_truncated_blobs_and_overlong_lengths() {
        byte[] blob = blobOf(publicLine(keygen("ecdsa", 384, "t")));

        assertThat(reason("ecdsa-sha2-nistp384 " + b64(Arrays.copyOf(blob, blob.length - 1)))).contains("damaged");
        assertThat(reason("ecdsa-sha2-nistp384 " + b64(Arrays.copyOf(blob, 3)))).contains("damaged");
        byte[] huge = blob.clone();
        huge[0] = (byte) 0xff; // the type string now claims ~4 GiB
        assertThat(reason("ecdsa-sha2-nistp384 " + b64(huge))).contains("damaged");
    }

    @Test
    void refuses_an_ecdsa_point_that_is_not_on_its_curve() {
        byte[] blob = blobOf(publicLine(keygen("ecdsa", 256, "p")));
        byte[] tampered = blob.clone();
        tampered[tampered.length - 1] ^= 0x01; // last byte of y

        assertThat(reason("ecdsa-sha2-nistp256 " + b64(tampered))).contains("not on the curve");
    }

    @Test
    void refuses_an_ecdsa_blob_naming_another_curve() {
        byte[] blob = blobOf(publicLine(keygen("ecdsa", 256, "c")));
        // "nistp256" -> "nistp384" in the curve name field, leaving the 256-bit point behind it
        String text = new String(blob, StandardCharsets.ISO_8859_1).replaceFirst("(?s)nistp256(?!.*nistp256)", "nistp384");
        byte[] tampered = text.getBytes(StandardCharsets.ISO_8859_1);

        assertThat(reason("ecdsa-sha2-nistp256 " + b64(tampered))).contains("names curve 'nistp384'");
    }

    @Test
    void refuses_an_ed25519_key_of_the_wrong_length() {
        byte[] blob = new WireWriter().string("ssh-ed25519").string(new byte[31]).toByteArray();

        assertThat(reason("ssh-ed25519 " + b64(blob))).contains("32 bytes");
    }

    @Test
    void refuses_rsa_with_an_insane_exponent() {
        BigInteger modulus = BigInteger.probablePrime(1600, new SecureRandom())
                .multiply(BigInteger.probablePrime(1600, new SecureRandom()));
        byte[] even = new WireWriter().string("ssh-rsa").string(BigInteger.valueOf(65536).toByteArray())
                .string(modulus.toByteArray()).toByteArray();
        byte[] one = new WireWriter().string("ssh-rsa").string(BigInteger.ONE.toByteArray())
                .string(modulus.toByteArray()).toByteArray();
        byte[] sane = new WireWriter().string("ssh-rsa").string(BigInteger.valueOf(65537).toByteArray())
                .string(modulus.toByteArray()).toByteArray();

        assertThat(reason("ssh-rsa " + b64(even))).contains("exponent");
        assertThat(reason("ssh-rsa " + b64(one))).contains("exponent");
        assertThat(sshKeys.check("ssh-rsa " + b64(sane))).isInstanceOf(SshKeys.Check.Valid.class);
    }

    @Test
    void refuses_garbage_with_reasons_a_user_can_act_on() {
        assertThat(reason(null)).contains("Paste your public key");
        assertThat(reason("   ")).contains("Paste your public key");
        assertThat(reason("hello")).contains("key type, then the key itself");
        assertThat(reason("hello world")).contains("Unsupported key type 'hello'");
        assertThat(reason("ssh-ed25519 !!!notbase64")).contains("not valid base64");
        assertThat(reason("ssh-ed25519 AAAA")).contains("damaged");
        assertThat(reason("ssh-ed25519 AAAA\u0000C3Nza")).contains("control characters");
        assertThat(reason("sk-ssh-ed25519@openssh.com AAAA")).contains("Security-key");
        assertThat(reason("-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----"))
                .contains("private key");
        assertThat(reason("ssh-ed25519 " + "A".repeat(17 * 1024))).contains("16 KiB");
    }

    @Test
    void re_encodes_the_line_and_keeps_only_a_harmless_comment() {
        String line = publicLine(keygen("ed25519", 256, "x"));
        String blob = line.split(" ")[1];
        String hostile = "ssh-ed25519 " + blob + " Alice's key; rm -rf / <script>\u00e9" + "z".repeat(200);

        SshKeys.Check.Valid valid = (SshKeys.Check.Valid) sshKeys.check(hostile);

        String comment = valid.line().substring(("ssh-ed25519 " + blob + " ").length());
        assertThat(comment).matches("[A-Za-z0-9@._-]{1,100}").startsWith("Alice-s-key-rm-rf-script-z");
        assertThat(((SshKeys.Check.Valid) sshKeys.check("ssh-ed25519\t" + blob)).line()).isEqualTo("ssh-ed25519 " + blob);
    }

    @Test
    void canonicalises_unpadded_base64() {
        String line = publicLine(keygen("ecdsa", 256, "pad"));
        String blob = line.split(" ")[1];
        assertThat(blob).endsWith("=");

        SshKeys.Check check = sshKeys.check("ecdsa-sha2-nistp256 " + blob.replace("=", ""));

        assertThat(((SshKeys.Check.Valid) check).line()).isEqualTo("ecdsa-sha2-nistp256 " + blob);
    }

    private String reason(String line) {
        SshKeys.Check check = sshKeys.check(line);
        assertThat(check).as("check of %s", line).isInstanceOf(SshKeys.Check.Invalid.class);
        return ((SshKeys.Check.Invalid) check).reason();
    }

    private static Path keygen(String type, int bits, String comment) {
        Path file = keys.resolve(type + "-" + bits + "-" + System.nanoTime());
        SystemTools.runOk("ssh-keygen", "-q", "-t", type, "-b", Integer.toString(bits), "-N", "", "-C", comment,
                "-f", file.toString());
        return file;
    }

    private static String publicLine(Path file) {
        try {
            return Files.readString(Path.of(file + ".pub")).strip();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] blobOf(String line) {
        return Base64.getDecoder().decode(line.split(" ")[1]);
    }

    private static String b64(byte[] blob) {
        return Base64.getEncoder().encodeToString(blob);
    }
}
