package dev.nestbox.adapters.nginx;

import dev.nestbox.application.port.out.ReverseProxy;
import dev.nestbox.application.port.out.ReverseProxy.Route;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.SiteName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * An {@code nginx -t} that hangs (a stuck disk, a resolver that never answers) must cost one change a typed failure
 * after the command timeout, not freeze the single writer for every later change. The nginx here is a script that
 * hangs while a flag file exists, keeping its output open through a child, as a stuck real one would.
 */
class HungNginxTest {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);
    /** Far above timeout plus kill and pipe grace: reaching it means the writer froze. */
    private static final Duration FROZEN = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private Path hang;
    private Path reloads;
    private Path sleeper;
    private NginxSettings settings;
    private Nginx adapter;
    private ReverseProxy proxy;

    @BeforeEach
    void fakeNginx() throws IOException {
        hang = dir.resolve("hang");
        reloads = dir.resolve("reloads");
        sleeper = dir.resolve("sleeper.pid");
        Path nginx = dir.resolve("nginx");
        Files.writeString(nginx, "#!/bin/sh\n"
                + "if [ \"$1\" = -t ]; then\n"
                + "  echo 'nginx: testing' >&2\n"
                + "  if [ -e " + hang + " ]; then sleep 621 & echo $! > " + sleeper + "; wait; fi\n"
                + "  exit 0\n"
                + "fi\n"
                + "echo reload >> " + reloads + "\n");
        Files.setPosixFilePermissions(nginx, PosixFilePermissions.fromString("rwx------"));
        NginxSettings defaults = NginxSettings.of(dir, dir.resolve("nginx.conf"), dir.resolve("nginx.pid"),
                dir.resolve("sites"), dir.resolve("streams"), "sites.test");
        // No pid file: the fake has no master whose workers a reload would wait for.
        settings = new NginxSettings(defaults.httpRoutesDir(), defaults.streamRoutesDir(),
                List.of(nginx.toString(), "-t"), List.of(nginx.toString(), "-s", "reload"), Optional.empty(),
                defaults.routing(), defaults.sitesHost(), defaults.listenAddress(), defaults.httpPort(),
                defaults.httpsPort(), defaults.tls(), defaults.sshListenAddress(), defaults.guestHttpPort(),
                defaults.guestSshPort(), defaults.clientMaxBodySize(), defaults.upstreamConnectTimeout(),
                defaults.upstreamReadTimeout(), defaults.sshIdleTimeout(), Duration.ZERO, COMMAND_TIMEOUT);
        adapter = new Nginx(settings);
        proxy = adapter.reverseProxy();
    }

    @AfterEach
    void close() {
        adapter.close();
    }

    @Test
    void a_hung_nginx_test_fails_the_change_after_the_timeout_and_the_next_change_goes_through() throws IOException {
        Route alice = new Route(SiteName.of("alice"), Ipv4Address.parse("10.88.0.2"), 40022);
        Path aliceFile = new RouteFiles(settings).httpFile(alice.site());
        Files.writeString(hang, "");

        long start = System.nanoTime();
        assertThatThrownBy(() -> assertTimeoutPreemptively(FROZEN, () -> proxy.publish(alice)))
                .isExactlyInstanceOf(NginxFailure.class)
                .hasMessageContaining("-t did not finish within " + COMMAND_TIMEOUT);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isLessThan(COMMAND_TIMEOUT.plusSeconds(5));
        assertThat(aliceFile).as("a change nginx never validated is taken back").doesNotExist();
        assertThat(reloads).doesNotExist();

        Files.delete(hang);
        assertTimeoutPreemptively(FROZEN, () -> proxy.publish(alice));

        assertThat(aliceFile).exists();
        assertThat(Files.readAllLines(reloads)).containsExactly("reload");
        long hungChild = Long.parseLong(Files.readString(sleeper).strip());
        long deadline = System.nanoTime() + FROZEN.toNanos();
        while (running(hungChild)) {
            assertThat(System.nanoTime()).as("the hung nginx -t was killed with its child").isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    /** Killed means a zombie or gone: an orphan waits for pid 1 to reap it, which some inits do slowly. */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException gone) {
            return false;
        }
    }
}
