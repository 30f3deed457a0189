package dev.nestbox.adapters.ssh;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleHostKeyTest {
    // an ed25519 public key blob: string "ssh-ed25519", string of 32 bytes
    static final String KEY_A = "AAAAC3NzaC1lZDI1NTE5AAAAILwv+Az1jWgyFz8DkYCnXoJSNO3mBdNQcuBtSUBWrxyT";
    static final String KEY_B = "AAAAC3NzaC1lZDI1NTE5AAAAICsIZtDI8TQ2C1uzKhCwiwQlmVNZgKCRNVjGLCr0Fl+z";

    static String announcement(String base64) {
        return "NESTBOX-HOSTKEY ssh-ed25519 " + base64 + " " + Fingerprints.sha256(Base64.getDecoder().decode(base64));
    }

    @Test
    void finds_the_guests_announcement_among_other_console_output_with_crlf_line_ends() {
        String log = "SeaBIOS\r\nnestbox: generated SSH host key\r\n" + announcement(KEY_A) + "\r\n"
                + "NESTBOX-BOOT site=alice ip=10.88.0.2/24 gw=10.88.0.1 configured=no uptime=3.96\r\n";

        assertThat(ConsoleHostKey.lastIn(log)).get()
                .satisfies(key -> {
                    assertThat(key.type()).isEqualTo("ssh-ed25519");
                    assertThat(key.blob()).isEqualTo(Base64.getDecoder().decode(KEY_A));
                });
    }

    @Test
    void the_last_boot_wins() {
        String log = announcement(KEY_A) + "\nreboot\n" + announcement(KEY_B) + "\n";

        assertThat(ConsoleHostKey.lastIn(log).orElseThrow().blob()).isEqualTo(Base64.getDecoder().decode(KEY_B));
    }

    @Test
    void a_line_whose_fingerprint_does_not_match_its_key_is_no_announcement() {
        String forged = "NESTBOX-HOSTKEY ssh-ed25519 " + KEY_A + " "
                + Fingerprints.sha256(Base64.getDecoder().decode(KEY_B)) + "\n";

        assertThat(ConsoleHostKey.lastIn(forged)).isEmpty();
    }

    @Test
    void garbled_or_partial_lines_are_ignored() {
        assertThat(ConsoleHostKey.lastIn("")).isEmpty();
        assertThat(ConsoleHostKey.lastIn("NESTBOX-HOSTKEY ssh-ed25519 AAAA SHA256:x\n")).isEmpty();
        assertThat(ConsoleHostKey.lastIn("NESTBOX-HOSTKEY ssh-rsa " + KEY_A + "\n")).isEmpty();
        assertThat(ConsoleHostKey.lastIn("  " + announcement(KEY_A) + "\n")).isEmpty(); // not at a line start
        assertThat(ConsoleHostKey.lastIn(announcement(KEY_A).substring(0, 60))).isEmpty();
    }

    @Test
    void reads_the_ed25519_key_cloud_init_prints() {
        String log = "ci-info: ...\n-----BEGIN SSH HOST KEY KEYS-----\r\n"
                + "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBO root@alice\r\n"
                + "ssh-ed25519 " + KEY_B + " root@alice\r\n"
                + "-----END SSH HOST KEY KEYS-----\r\n";

        assertThat(ConsoleHostKey.lastIn(log).orElseThrow().blob()).isEqualTo(Base64.getDecoder().decode(KEY_B));
    }
}
