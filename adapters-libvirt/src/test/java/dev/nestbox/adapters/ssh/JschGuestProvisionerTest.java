package dev.nestbox.adapters.ssh;

import dev.nestbox.application.port.out.DependencyFailure;
import dev.nestbox.application.port.out.GuestProvisioner;
import dev.nestbox.application.port.out.GuestProvisioner.Readiness;
import dev.nestbox.application.port.out.SshKeys;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.SiteName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The provisioner against a real SSH server (dropbear, as in the guest image) on 127.0.0.1. */
class JschGuestProvisionerTest {
    private static final Ipv4Address LOOPBACK = Ipv4Address.parse("127.0.0.1");
    private static final SiteName ALICE = SiteName.of("alice");
    private static final SiteName SPARE = SiteName.of("spare--0123456789ab");

    @TempDir
    Path dataDir;
    @TempDir
    Path serverDir;
    private Path record;
    private Path hostKey;
    private String tenantKey;

    @BeforeEach
    void setUp() throws IOException {
        record = Files.createDirectories(serverDir.resolve("record"));
        hostKey = DropbearServer.hostKey(serverDir, "host_key_1");
        tenantKey = new GuestSsh(GuestSshSettings.defaults(dataDir)).keys().generate("tenant@home").publicKeyLine();
    }

    @Test
    void await_ssh_is_ready_once_root_can_log_in_with_the_provisioning_key() throws IOException {
        try (DropbearServer server = startServer(hostKey, provisionerFor(1).provisioningPublicKey())) {
            GuestProvisioner provisioner = provisionerFor(server.port());

            Readiness readiness = provisioner.awaitSsh(LOOPBACK, Duration.ofSeconds(10));

            assertThat(readiness).as(server.log()).isEqualTo(new Readiness.Ready());
            assertThat(server.log()).contains("Pubkey auth succeeded for 'root'");
        }
    }

    @Test
    void await_ssh_gives_up_on_a_closed_port_at_its_timeout_with_the_reason() throws IOException {
        GuestProvisioner provisioner = provisionerFor(DropbearServer.freeLoopbackPort());

        long start = System.nanoTime();
        Readiness readiness = provisioner.awaitSsh(LOOPBACK, Duration.ofSeconds(1));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(readiness).isInstanceOf(Readiness.NotReady.class);
        assertThat(((Readiness.NotReady) readiness).reason()).contains("127.0.0.1").containsIgnoringCase("refused");
        assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(3));
        // 100 ms between tries: about ten tries in a second, not thousands
        int attempts = Integer.parseInt(((Readiness.NotReady) readiness).reason().replaceAll(".*after (\\d+) attempt.*", "$1"));
        assertThat(attempts).isBetween(3, 15);
    }

    @Test
    void await_ssh_is_not_ready_while_the_guest_refuses_the_provisioning_key() throws IOException {
        try (DropbearServer server = startServer(hostKey, tenantKey)) {
            Readiness readiness = provisionerFor(server.port()).awaitSsh(LOOPBACK, Duration.ofMillis(500));

            assertThat(readiness).isInstanceOf(Readiness.NotReady.class);
            assertThat(((Readiness.NotReady) readiness).reason()).containsIgnoringCase("auth");
        }
    }

    @Test
    void configure_runs_the_setup_command_with_the_site_as_one_argument_and_the_key_on_stdin() throws IOException {
        GuestProvisioner provisioner = provisionerFor(1);
        try (DropbearServer server = startServer(hostKey, provisioner.provisioningPublicKey())) {
            provisionerFor(server.port()).configure(ALICE, ALICE, LOOPBACK, "  " + tenantKey + "\n");

            assertThat(read("argc")).isEqualTo("1\n");
            assertThat(read("arg0")).isEqualTo("alice");
            assertThat(read("stdin")).isEqualTo(tenantKey + "\n");
            assertThat(read("uid")).isEqualTo("0\n");
        }
    }

    @Test
    void configure_pins_the_host_key_on_first_contact() throws IOException {
        try (DropbearServer server = startServer(hostKey, provisionerFor(1).provisioningPublicKey())) {
            provisionerFor(server.port()).configure(ALICE, ALICE, LOOPBACK, tenantKey);

            String pin = Files.readString(dataDir.resolve("known_hosts").resolve("alice")).strip();
            String[] expected = DropbearServer.publicKeyOf(hostKey).split(" ");
            assertThat(pin).isEqualTo("[127.0.0.1]:" + server.port() + " " + expected[0] + " " + expected[1]);
        }
    }

    @Test
    void a_changed_host_key_is_refused_until_forgotten() throws IOException {
        String provisioningKey = provisionerFor(1).provisioningPublicKey();
        try (DropbearServer original = startServer(hostKey, provisioningKey)) {
            provisionerFor(original.port()).configure(ALICE, ALICE, LOOPBACK, tenantKey);
            provisionerFor(original.port()).configure(ALICE, ALICE, LOOPBACK, tenantKey);
        }
        Path pin = dataDir.resolve("known_hosts").resolve("alice");
        String pinned = Files.readString(pin);
        Files.delete(record.resolve("stdin"));

        Path otherHostKey = DropbearServer.hostKey(serverDir, "host_key_2");
        try (DropbearServer impostor = startServer(otherHostKey, provisioningKey)) {
            GuestProvisioner provisioner = provisionerFor(impostor.port());

            GuestHostKeyChanged refused = catchThrowableOfType(GuestHostKeyChanged.class,
                    () -> provisioner.configure(ALICE, ALICE, LOOPBACK, tenantKey));

            assertThat(refused).isNotNull();
            assertThat(refused.dependency()).isEqualTo("guest");
            assertThat(refused.getMessage()).contains("alice").contains("host key changed").contains(pin.toString());
            assertThat(refused.presentedFingerprint()).isNotEqualTo(refused.pinnedFingerprint());
            assertThat(Files.readString(pin)).isEqualTo(pinned);
            assertThat(record.resolve("stdin")).doesNotExist();

            provisioner.forget(ALICE);
            assertThat(pin).doesNotExist();
            provisioner.forget(ALICE);

            provisioner.configure(ALICE, ALICE, LOOPBACK, tenantKey);
            assertThat(Files.readString(pin)).contains(DropbearServer.publicKeyOf(otherHostKey).split(" ")[1]);
            assertThat(read("stdin")).isEqualTo(tenantKey + "\n");
        }
    }

    @Test
    void a_failing_setup_command_is_reported_with_its_sanitised_stderr() throws IOException {
        try (DropbearServer server = startServer(hostKey, provisionerFor(1).provisioningPublicKey())) {
            GuestProvisioner provisioner = provisionerFor(server.port());

            GuestSetupFailed failed = catchThrowableOfType(GuestSetupFailed.class,
                    () -> provisioner.configure(SiteName.of("failing-site"), SiteName.of("failing-site"), LOOPBACK, tenantKey));

            assertThat(failed).isInstanceOf(DependencyFailure.class);
            assertThat(failed.dependency()).isEqualTo("guest");
            assertThat(failed.exitStatus()).isEqualTo(3);
            assertThat(failed.stderr()).isEqualTo("useradd: cannot create user web\ndisk full");
            assertThat(failed.getMessage()).contains("failing-site").contains("exit status 3").contains("disk full");
        }
    }

    @Test
    void a_flood_on_stderr_is_truncated() throws IOException {
        try (DropbearServer server = startServer(hostKey, provisionerFor(1).provisioningPublicKey())) {
            GuestSetupFailed failed = catchThrowableOfType(GuestSetupFailed.class,
                    () -> provisionerFor(server.port()).configure(SiteName.of("noisy-site"), SiteName.of("noisy-site"), LOOPBACK, tenantKey));

            assertThat(failed.exitStatus()).isEqualTo(4);
            assertThat(failed.stderr()).startsWith("xxxx").endsWith("[...truncated]");
            assertThat(failed.stderr().length()).isLessThanOrEqualTo(GuestText.MAX_CHARS + 20);
        }
    }

    @Test
    void a_setup_command_that_hangs_is_abandoned_at_the_command_timeout() throws IOException {
        try (DropbearServer server = startServer(hostKey, provisionerFor(1).provisioningPublicKey())) {
            GuestProvisioner provisioner = new GuestSsh(settings(server.port()).withTimings(Duration.ofSeconds(2),
                    Duration.ofMillis(100), Duration.ofSeconds(1))).provisioner();

            long start = System.nanoTime();
            assertThatThrownBy(() -> provisioner.configure(SiteName.of("slow-site"), SiteName.of("slow-site"), LOOPBACK, tenantKey))
                    .isExactlyInstanceOf(GuestSshFailure.class)
                    .hasMessageContaining("did not finish within 1 s");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        }
    }

    @Test
    void configure_refuses_a_key_that_is_not_one_clean_key_line_before_connecting() {
        GuestProvisioner provisioner = provisionerFor(DropbearServer.freeLoopbackPortUnchecked());

        assertThatThrownBy(() -> provisioner.configure(ALICE, ALICE, LOOPBACK, tenantKey + "\n" + tenantKey))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one line");
        assertThatThrownBy(() -> provisioner.configure(ALICE, ALICE, LOOPBACK, "command=\"sh\" " + tenantKey))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Options");
    }

    @Test
    void configure_reports_an_unreachable_guest_as_a_guest_failure() {
        GuestProvisioner provisioner = provisionerFor(DropbearServer.freeLoopbackPortUnchecked());

        assertThatThrownBy(() -> provisioner.configure(ALICE, ALICE, LOOPBACK, tenantKey))
                .isExactlyInstanceOf(GuestSshFailure.class)
                .hasMessageContaining("cannot log in to the guest of site alice at 127.0.0.1:");
        assertThat(dataDir.resolve("known_hosts").resolve("alice")).doesNotExist();
    }

    @Test
    void prepare_runs_the_images_prepare_step_pins_the_host_key_and_the_claim_needs_no_second_login()
            throws IOException {
        try (DropbearServer server = startServer(hostKey, provisionerFor(1).provisioningPublicKey())) {
            GuestProvisioner provisioner = provisionerFor(server.port());

            provisioner.prepare(SPARE, LOOPBACK);

            assertThat(read("arg0")).isEqualTo("--prepare");
            assertThat(read("stdin")).isEmpty();
            assertThat(dataDir.resolve("known_hosts").resolve(SPARE.value()))
                    .as("the spare's host key is pinned under its machine's name").exists();

            provisioner.configure(SPARE, ALICE, LOOPBACK, tenantKey);

            assertThat(read("arg0")).isEqualTo("alice");
            assertThat(read("stdin")).isEqualTo(tenantKey + "\n");
            assertThat(logins(server)).as("the claim ran on the session kept since the spare was prepared: "
                    + server.log()).isEqualTo(1);
        }
    }

    @Test
    void a_claim_whose_kept_session_died_logs_in_again() throws IOException, InterruptedException {
        try (DropbearServer server = startServer(hostKey, provisionerFor(1).provisioningPublicKey())) {
            GuestProvisioner provisioner = provisionerFor(server.port());
            Files.createFile(record.resolve("drop-session"));

            provisioner.prepare(SPARE, LOOPBACK);
            Thread.sleep(1000);   // the guest's side of the kept session is gone by now
            provisioner.configure(SPARE, ALICE, LOOPBACK, tenantKey);

            assertThat(read("arg0")).isEqualTo("alice");
            assertThat(logins(server)).as(server.log()).isEqualTo(2);
        }
    }

    @Test
    void forgetting_a_spare_closes_its_kept_session() throws IOException, InterruptedException {
        try (DropbearServer server = startServer(hostKey, provisionerFor(1).provisioningPublicKey())) {
            GuestProvisioner provisioner = provisionerFor(server.port());
            provisioner.prepare(SPARE, LOOPBACK);

            provisioner.forget(SPARE);

            assertThat(dataDir.resolve("known_hosts").resolve(SPARE.value())).doesNotExist();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!server.log().contains("Exit (root)") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(server.log()).as("the guest saw the session end").contains("Exit (root)");
        }
    }

    @Test
    void an_image_without_a_prepare_step_is_left_for_the_claim_to_set_up_and_a_failing_one_is_reported()
            throws IOException {
        try (DropbearServer server = startServer(hostKey, provisionerFor(1).provisioningPublicKey())) {
            GuestProvisioner provisioner = provisionerFor(server.port());
            Files.createFile(record.resolve("old-image"));

            provisioner.prepare(SPARE, LOOPBACK);
            provisioner.configure(SPARE, ALICE, LOOPBACK, tenantKey);
            assertThat(read("arg0")).isEqualTo("alice");

            Files.delete(record.resolve("old-image"));
            Files.createFile(record.resolve("broken-image"));
            SiteName other = SiteName.of("spare--ba9876543210");
            GuestSetupFailed failed = catchThrowableOfType(() -> provisioner.prepare(other, LOOPBACK),
                    GuestSetupFailed.class);
            assertThat(failed).isNotNull();
            assertThat(failed.getMessage()).contains("nginx is not listening");
        }
    }

    private static long logins(DropbearServer server) {
        return server.log().lines().filter(l -> l.contains("auth succeeded for 'root'")).count();
    }

    private DropbearServer startServer(Path key, String authorizedKey) throws IOException {
        return DropbearServer.start(serverDir, key, authorizedKey, stubSetup());
    }

    /** Records what it was given, and fails, floods or hangs for the site names that ask for it. */
    private String stubSetup() {
        String r = record.toString();
        return "#!/bin/sh\n"
                + "printf '%s\\n' \"$#\" > '" + r + "/argc'\n"
                + "printf '%s' \"$1\" > '" + r + "/arg0'\n"
                + "id -u > '" + r + "/uid'\n"
                + "cat > '" + r + "/stdin'\n"
                + "if [ \"$1\" = --prepare ]; then\n"
                + "  echo prepared >> '" + r + "/prepared'\n"
                + "  [ -e '" + r + "/old-image' ] && { echo \"nestbox-setup: error: invalid site name '--prepare'\" >&2; exit 2; }\n"
                + "  [ -e '" + r + "/broken-image' ] && { echo 'nestbox-setup: error: nginx is not listening' >&2; exit 1; }\n"
                + "  [ -e '" + r + "/drop-session' ] && (sleep 0.3; kill -9 $PPID) </dev/null >/dev/null 2>&1 &\n"
                + "  exit 0\n"
                + "fi\n"
                + "case \"$1\" in\n"
                + "  failing-site) printf 'useradd: cannot create user web\\n\\033[31mdisk full\\033[0m\\r\\n' >&2; exit 3;;\n"
                + "  noisy-site) head -c 200000 /dev/zero | tr '\\0' x >&2; exit 4;;\n"
                + "  slow-site) sleep 5;;\n"
                + "esac\n"
                + "echo \"site $1 ready\"\n";
    }

    private String read(String name) throws IOException {
        return Files.readString(record.resolve(name), StandardCharsets.UTF_8);
    }

    private GuestSshSettings settings(int sshPort) {
        return GuestSshSettings.defaults(dataDir).withPorts(sshPort, 1)
                .withTimings(Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofSeconds(20));
    }

    private GuestProvisioner provisionerFor(int sshPort) {
        return new GuestSsh(settings(sshPort)).provisioner();
    }
}
