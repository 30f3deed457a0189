package dev.nestbox.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real nginx on loopback, run with the main configuration that the application's configuration implies. */
final class TestNginx implements AutoCloseable {
    private final Path dir;

    private TestNginx(Path dir) {
        this.dir = dir;
    }

    static TestNginx start(NestboxConfiguration config) {
        Path conf = Nestbox.writeNginxMainConfig(config);
        TestNginx nginx = new TestNginx(conf.getParent());
        nginx.run("nginx", "-p", nginx.dir + "/", "-c", conf.toString());
        return nginx;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (Files.exists(dir.resolve("run/nginx.pid"))) {
            run("nginx", "-s", "quit", "-p", dir + "/", "-c", dir.resolve("nginx.conf").toString());
        }
    }

    private void run(String... command) {
        try {
            Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: "
                        + new String(process.getInputStream().readAllBytes()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("nginx is needed for this test: apt-get install nginx libnginx-mod-stream", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
