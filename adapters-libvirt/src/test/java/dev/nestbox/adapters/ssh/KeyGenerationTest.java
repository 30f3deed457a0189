package dev.nestbox.adapters.ssh;

import dev.nestbox.application.port.out.SshKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** Generated pairs and the platform's provisioning key, checked by OpenSSH's own ssh-keygen. */
class KeyGenerationTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void requireTools() {
        SystemTools.require("ssh-keygen", "openssh-client");
    }

    @Test
    void a_generated_private_key_is_one_openssh_reads_and_derives_the_same_public_key_from() throws IOException {
        SshKeys keys = new GuestSsh(GuestSshSettings.defaults(dir)).keys();

        SshKeys.KeyPair pair = keys.generate("nestbox-42");

        assertThat(pair.privateKeyPem()).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----\n")
                .endsWith("-----END OPENSSH PRIVATE KEY-----\n");
        assertThat(pair.publicKeyLine()).startsWith("ssh-ed25519 ").endsWith(" nestbox-42");
        assertThat(pair.toString()).doesNotContain(pair.privateKeyPem());
        Path file = writePrivate(pair.privateKeyPem());
        String derived = SystemTools.runOk("ssh-keygen", "-y", "-f", file.toString()).stdout().strip();
        assertThat(derived).isEqualTo(pair.publicKeyLine());
        assertThat(keys.check(pair.publicKeyLine())).isInstanceOf(SshKeys.Check.Valid.class);
    }

    @Test
    void every_generated_pair_is_new() {
        SshKeys keys = new GuestSsh(GuestSshSettings.defaults(dir)).keys();

        assertThat(keys.generate("a").publicKeyLine()).isNotEqualTo(keys.generate("a").publicKeyLine());
    }

    @Test
    void a_hostile_comment_is_sanitised_in_both_halves() throws IOException {
        SshKeys.KeyPair pair = new GuestSsh(GuestSshSettings.defaults(dir)).keys().generate("x\ny; rm -rf /");

        assertThat(pair.publicKeyLine()).endsWith(" x-y-rm-rf").doesNotContain("\n");
        String derived = SystemTools.runOk("ssh-keygen", "-y", "-f", writePrivate(pair.privateKeyPem()).toString())
                .stdout().strip();
        assertThat(derived).isEqualTo(pair.publicKeyLine());
    }

    @Test
    void the_provisioning_key_is_created_private_on_first_use_and_reused_afterwards() throws IOException {
        String first = new GuestSsh(GuestSshSettings.defaults(dir)).provisioner().provisioningPublicKey();

        Path keyDir = dir.resolve("provisioning");
        Path privateKey = keyDir.resolve("id_ed25519");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyDir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey))).isEqualTo("rw-------");
        assertThat(Files.readString(keyDir.resolve("id_ed25519.pub"))).isEqualTo(first + "\n");
        assertThat(first).startsWith("ssh-ed25519 ").endsWith(" nestbox-provisioning");
        assertThat(SystemTools.runOk("ssh-keygen", "-y", "-f", privateKey.toString()).stdout().strip()).isEqualTo(first);
        try (var listing = Files.list(keyDir)) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("id_ed25519",
                    "id_ed25519.pub");
        }

        String privateBefore = Files.readString(privateKey);
        Files.delete(keyDir.resolve("id_ed25519.pub"));
        String again = new GuestSsh(GuestSshSettings.defaults(dir)).provisioner().provisioningPublicKey();

        assertThat(again).isEqualTo(first);
        assertThat(Files.readString(privateKey)).isEqualTo(privateBefore);
        assertThat(Files.readString(keyDir.resolve("id_ed25519.pub"))).isEqualTo(first + "\n");
    }

    @Test
    void an_existing_key_made_by_ssh_keygen_is_used_as_it_is() throws IOException {
        Path keyDir = Files.createDirectories(dir.resolve("provisioning"));
        Path privateKey = keyDir.resolve("id_ed25519");
        SystemTools.runOk("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", privateKey.toString());
        Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-r--r--"));
        String keygenBlob = Files.readString(keyDir.resolve("id_ed25519.pub")).split(" ")[1];

        String line = new GuestSsh(GuestSshSettings.defaults(dir)).provisioner().provisioningPublicKey();

        assertThat(line).isEqualTo("ssh-ed25519 " + keygenBlob + " nestbox-provisioning");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey))).isEqualTo("rw-------");
    }

    @Test
    void a_passphrase_protected_provisioning_key_is_refused_with_a_clear_error() {
        Path keyDir = dir.resolve("provisioning");
        SystemTools.runOk("mkdir", "-p", keyDir.toString());
        SystemTools.runOk("ssh-keygen", "-q", "-t", "ed25519", "-N", "secret", "-f", keyDir.resolve("id_ed25519").toString());

        var provisioner = new GuestSsh(GuestSshSettings.defaults(dir)).provisioner();

        org.assertj.core.api.Assertions.assertThatThrownBy(provisioner::provisioningPublicKey)
                .isInstanceOf(GuestSshFailure.class).hasMessageContaining("passphrase");
    }

    private Path writePrivate(String pem) throws IOException {
        Path file = Files.createTempFile(dir, "key", "", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, pem);
        return file;
    }
}
