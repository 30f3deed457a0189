package dev.nestbox.adapters.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the platform reaches its guests.
 *
 * @param dataDir        holds {@code provisioning/id_ed25519} (the platform's key) and {@code known_hosts/<site>}
 * @param guestSshPort   the guests' SSH port (22 in production; tests point it at a loopback server)
 * @param guestHttpPort  the guests' web server port (80 in production)
 * @param connectTimeout one connection attempt (TCP connect and SSH handshake, or one HTTP request); kept short
 *                       so that polling notices a guest soon after it comes up
 * @param pollInterval   pause between two attempts while waiting for a guest
 * @param commandTimeout how long the guest's set-up command may run
 */
public record GuestSshSettings(Path dataDir, int guestSshPort, int guestHttpPort, Duration connectTimeout,
                               Duration pollInterval, Duration commandTimeout) {

    public static final int DEFAULT_SSH_PORT = 22;
    public static final int DEFAULT_HTTP_PORT = 80;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMinutes(2);

    public GuestSshSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        requirePort("guestSshPort", guestSshPort);
        requirePort("guestHttpPort", guestHttpPort);
        requireMillis("connectTimeout", connectTimeout);
        requireMillis("pollInterval", pollInterval);
        requireMillis("commandTimeout", commandTimeout);
    }

    /** Production values: ports 22 and 80, 3 s per attempt, one attempt a second, two minutes for set-up. */
    public static GuestSshSettings defaults(Path dataDir) {
        return new GuestSshSettings(dataDir, DEFAULT_SSH_PORT, DEFAULT_HTTP_PORT, DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_POLL_INTERVAL, DEFAULT_COMMAND_TIMEOUT);
    }

    public GuestSshSettings withPorts(int sshPort, int httpPort) {
        return new GuestSshSettings(dataDir, sshPort, httpPort, connectTimeout, pollInterval, commandTimeout);
    }

    public GuestSshSettings withTimings(Duration connect, Duration poll, Duration command) {
        return new GuestSshSettings(dataDir, guestSshPort, guestHttpPort, connect, poll, command);
    }

    private static void requirePort(String name, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(name + " must be 1-65535, not " + port);
        }
    }

    // jsch takes int milliseconds, so anything it cannot express is a configuration mistake, not a long wait.
    private static void requireMillis(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be positive and below 24 days, not " + d);
        }
    }
}
