package dev.nestbox.adapters.ssh;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * A real SSH server on loopback standing in for a guest: Debian's dropbear, the server the guest image runs. It
 * runs in a private mount namespace where a temporary directory is mounted over /root (so root's authorized_keys
 * is ours, not the machine's) and another over /usr/sbin (so /usr/sbin/nestbox-setup is the test's stand-in).
 * Nothing outside the namespace sees either mount.
 */
final class DropbearServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private DropbearServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** A host key as dropbear writes it; {@link #publicKeyOf} gives its OpenSSH line. */
    static Path hostKey(Path dir, String name) {
        Path key = dir.resolve(name);
        SystemTools.runOk(SystemTools.require("dropbearkey", "dropbear-bin").toString(), "-t", "ed25519", "-f",
                key.toString());
        return key;
    }

    static String publicKeyOf(Path hostKey) {
        return SystemTools.runOk("dropbearkey", "-y", "-f", hostKey.toString()).stdout().lines()
                .filter(l -> l.startsWith("ssh-ed25519 ")).findFirst().orElseThrow();
    }

    static DropbearServer start(Path dir, Path hostKey, String authorizedKey, String setupScript) throws IOException {
        Path dropbear = SystemTools.require("dropbear", "dropbear-bin");
        Path unshare = SystemTools.require("unshare", "util-linux");
        SystemTools.requireRoot("dropbear logs in root from a mount namespace that only root may create");

        Path home = Files.createDirectories(dir.resolve("root-home"));
        Path ssh = Files.createDirectories(home.resolve(".ssh"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(ssh, PosixFilePermissions.fromString("rwx------"));
        Path authorized = ssh.resolve("authorized_keys");
        Files.writeString(authorized, authorizedKey + "\n", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(authorized, PosixFilePermissions.fromString("rw-------"));

        Path sbin = Files.createDirectories(dir.resolve("sbin"));
        Path setup = sbin.resolve("nestbox-setup");
        Files.writeString(setup, setupScript, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(setup, PosixFilePermissions.fromString("rwxr-xr-x"));
        // The mount over /usr/sbin hides the system's dropbear, so the server runs from a copy.
        Path server = dir.resolve("dropbear");
        Files.copy(dropbear, server, StandardCopyOption.REPLACE_EXISTING);

        int port = freeLoopbackPort();
        Path log = dir.resolve("dropbear-" + port + ".log");
        Process process = new ProcessBuilder(List.of(unshare.toString(), "--mount", "--propagation", "private",
                "/bin/sh", "-c", "mount --bind \"$1\" /root && mount --bind \"$2\" /usr/sbin && exec \"$3\" -F -E -s"
                        + " -p 127.0.0.1:" + port + " -r \"$4\" -P \"$5\"",
                "sh", home.toString(), sbin.toString(), server.toString(), hostKey.toString(),
                dir.resolve("dropbear.pid").toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        DropbearServer started = new DropbearServer(process, port, log);
        started.awaitListening();
        return started;
    }

    int port() {
        return port;
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("dropbear exited at start: " + log());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        close();
        throw new IOException("dropbear did not listen on 127.0.0.1:" + port + ": " + log());
    }

    static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static int freeLoopbackPortUnchecked() {
        try {
            return freeLoopbackPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        // unshare and sh exec into dropbear, so this process is the server; its connection children follow it.
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
