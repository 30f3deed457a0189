package dev.nestbox.adapters.ssh;

import dev.nestbox.application.port.out.GuestProvisioner;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.SiteName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** First contact pins the host key the guest announced on its console, against a real dropbear on 127.0.0.1. */
class ConsolePinningTest {
    private static final Ipv4Address LOOPBACK = Ipv4Address.parse("127.0.0.1");
    private static final SiteName ALICE = SiteName.of("alice");

    @TempDir
    Path dataDir;
    @TempDir
    Path serverDir;
    private Path record;
    private Path hostKey;
    private String tenantKey;
    private Path pin;

    @BeforeEach
    void setUp() throws IOException {
        record = Files.createDirectories(serverDir.resolve("record"));
        hostKey = DropbearServer.hostKey(serverDir, "host_key_1");
        tenantKey = new GuestSsh(GuestSshSettings.defaults(dataDir)).keys().generate("tenant@home").publicKeyLine();
        pin = dataDir.resolve("known_hosts").resolve("alice");
    }

    @Test
    void the_key_announced_on_the_console_is_pinned_when_the_guest_shows_it() throws IOException {
        GuestConsole console = site -> Optional.of("boot\r\n" + announcementOf(hostKey) + "\r\nNESTBOX-BOOT\r\n");
        try (DropbearServer server = startServer(hostKey)) {
            provisionerFor(server.port(), console).configure(ALICE, ALICE, LOOPBACK, tenantKey);

            String[] expected = DropbearServer.publicKeyOf(hostKey).split(" ");
            assertThat(Files.readString(pin).strip())
                    .isEqualTo("[127.0.0.1]:" + server.port() + " " + expected[0] + " " + expected[1]);
            assertThat(Files.readString(record.resolve("stdin"))).isEqualTo(tenantKey + "\n");
        }
    }

    @Test
    void another_key_at_the_guests_address_is_refused_with_both_fingerprints_and_nothing_is_pinned_or_run()
            throws IOException {
        Path impostorKey = DropbearServer.hostKey(serverDir, "host_key_2");
        GuestConsole console = site -> Optional.of(announcementOf(hostKey) + "\n");
        try (DropbearServer impostor = startServer(impostorKey)) {
            GuestHostKeyMismatch refused = catchThrowableOfType(GuestHostKeyMismatch.class,
                    () -> provisionerFor(impostor.port(), console).configure(ALICE, ALICE, LOOPBACK, tenantKey));

            assertThat(refused).isNotNull();
            assertThat(refused.dependency()).isEqualTo("guest");
            assertThat(refused.announcedFingerprint()).isEqualTo(fingerprintOf(hostKey));
            assertThat(refused.presentedFingerprint()).isEqualTo(fingerprintOf(impostorKey));
            assertThat(refused.getMessage()).contains("alice").contains(fingerprintOf(hostKey))
                    .contains(fingerprintOf(impostorKey)).contains("announced").contains("console");
            assertThat(pin).doesNotExist();
            assertThat(record.resolve("stdin")).doesNotExist();
        }
    }

    @Test
    void a_guest_that_announced_no_key_is_not_trusted_on_first_use() throws IOException {
        GuestConsole console = site -> Optional.of("Linux version 6.1\nnestbox: booting\n");
        try (DropbearServer server = startServer(hostKey)) {
            assertThatThrownBy(() -> provisionerFor(server.port(), console).configure(ALICE, ALICE, LOOPBACK, tenantKey))
                    .isInstanceOf(GuestSshFailure.class)
                    .hasMessageContaining("announced no SSH host key on its console")
                    .hasMessageContaining("NESTBOX-HOSTKEY");
            assertThat(pin).doesNotExist();
            assertThat(record.resolve("stdin")).doesNotExist();
        }
    }

    @Test
    void an_unreadable_console_fails_with_the_reason() throws IOException {
        GuestConsole console = site -> {
            throw new IllegalStateException("cannot read the console log /var/lib/nestbox/console/alice.log");
        };
        try (DropbearServer server = startServer(hostKey)) {
            assertThatThrownBy(() -> provisionerFor(server.port(), console).configure(ALICE, ALICE, LOOPBACK, tenantKey))
                    .isInstanceOf(GuestSshFailure.class)
                    .hasMessageContaining("cannot read the console of the guest of site alice")
                    .hasMessageContaining("alice.log");
        }
    }

    @Test
    void once_pinned_the_pin_decides_and_the_console_is_not_needed() throws IOException {
        GuestConsole announcing = site -> Optional.of(announcementOf(hostKey) + "\n");
        try (DropbearServer server = startServer(hostKey)) {
            provisionerFor(server.port(), announcing).configure(ALICE, ALICE, LOOPBACK, tenantKey);
            provisionerFor(server.port(), site -> Optional.empty()).configure(ALICE, ALICE, LOOPBACK, tenantKey);
        }
    }

    private static String announcementOf(Path key) {
        String[] parts = DropbearServer.publicKeyOf(key).split(" ");
        return "NESTBOX-HOSTKEY " + parts[0] + " " + parts[1] + " " + fingerprintOf(key);
    }

    private static String fingerprintOf(Path key) {
        return Fingerprints.sha256(java.util.Base64.getDecoder().decode(DropbearServer.publicKeyOf(key).split(" ")[1]));
    }

    private DropbearServer startServer(Path key) throws IOException {
        String provisioningKey = new GuestSsh(GuestSshSettings.defaults(dataDir)).provisioner().provisioningPublicKey();
        String r = record.toString();
        return DropbearServer.start(serverDir, key, provisioningKey,
                "#!/bin/sh\ncat > '" + r + "/stdin'\necho ready\n");
    }

    private GuestProvisioner provisionerFor(int sshPort, GuestConsole console) {
        return new GuestSsh(GuestSshSettings.defaults(dataDir).withPorts(sshPort, 1)
                .withTimings(Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(20)), console)
                .provisioner();
    }
}
