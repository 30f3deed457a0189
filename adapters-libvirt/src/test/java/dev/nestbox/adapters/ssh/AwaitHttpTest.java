package dev.nestbox.adapters.ssh;

import com.sun.net.httpserver.HttpServer;
import dev.nestbox.application.port.out.GuestProvisioner;
import dev.nestbox.application.port.out.GuestProvisioner.Readiness;
import dev.nestbox.domain.hosting.Ipv4Address;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** awaitHttp against a real HTTP server on 127.0.0.1. */
class AwaitHttpTest {
    private static final Ipv4Address LOOPBACK = Ipv4Address.parse("127.0.0.1");

    @TempDir
    Path dataDir;
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void ready_once_the_page_answers_200() throws IOException {
        AtomicInteger requests = new AtomicInteger();
        // Answers 503 twice, as a web server still starting would, then 200.
        int port = serve(() -> requests.incrementAndGet() <= 2 ? 503 : 200);

        Readiness readiness = provisioner(port).awaitHttp(LOOPBACK, Duration.ofSeconds(10));

        assertThat(readiness).isEqualTo(new Readiness.Ready());
        assertThat(requests.get()).isEqualTo(3);
    }

    @Test
    void not_ready_while_the_page_answers_something_else() throws IOException {
        int port = serve(() -> 404);

        Readiness readiness = provisioner(port).awaitHttp(LOOPBACK, Duration.ofMillis(500));

        assertThat(readiness).isInstanceOf(Readiness.NotReady.class);
        assertThat(((Readiness.NotReady) readiness).reason()).contains("HTTP 404").contains("http://127.0.0.1:" + port + "/");
    }

    @Test
    void not_ready_on_a_closed_port_quickly() throws IOException {
        int port = DropbearServer.freeLoopbackPort();

        long start = System.nanoTime();
        Readiness readiness = provisioner(port).awaitHttp(LOOPBACK, Duration.ofMillis(800));

        assertThat(readiness).isInstanceOf(Readiness.NotReady.class);
        assertThat(((Readiness.NotReady) readiness).reason()).contains("ConnectException");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    private GuestProvisioner provisioner(int httpPort) {
        return new GuestSsh(GuestSshSettings.defaults(dataDir).withPorts(22, httpPort)
                .withTimings(Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(5))).provisioner();
    }

    private int serve(java.util.function.IntSupplier status) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(status.getAsInt(), -1);
            exchange.close();
        });
        server.start();
        return server.getAddress().getPort();
    }
}
