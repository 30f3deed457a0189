package dev.nestbox.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nestbox.adapters.postgres.PostgresTestDatabase;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bcrypt is bounded across all clients: with one hashing slot and no waiting room, log-ins that arrive while a
 * slow hash runs are answered 503 SERVICE_UNAVAILABLE with Retry-After at once, instead of queueing behind it.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class PasswordHashingLimitTest {
    private static final int CLIENTS = 8;
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();
    // Cost 15: one hash takes over a second here, far longer than sending a handful of requests takes.
    static final DropwizardAppExtension<NestboxConfiguration> APP = TestApps.app(DATABASE,
            ConfigOverride.config("auth.bcryptCost", "15"),
            ConfigOverride.config("auth.hashingConcurrency", "1"),
            ConfigOverride.config("auth.hashingQueue", "0"));
    private final ApiClient api = new ApiClient(APP.getLocalPort());

    @Test
    void log_ins_beyond_the_hashing_capacity_get_503_with_retry_after_without_waiting_for_the_hash()
            throws Exception {
        String body = ApiClient.json("email", "nobody@example.com", "password", "password123");
        // Warm-up: the first log-in of a fresh server opens database connections and loads classes, which the
        // burst would otherwise all wait for before reaching the bound.
        assertThat(rawPost("/login", body).status()).isEqualTo(401);
        List<Timed> replies = concurrently(CLIENTS, () -> rawPost("/login", body));

        List<Timed> hashed = replies.stream().filter(t -> t.reply().status() == 401).toList();
        List<Timed> refused = replies.stream().filter(t -> t.reply().status() == 503).toList();
        assertThat(hashed.size() + refused.size()).as("every answer is 401 or 503").isEqualTo(CLIENTS);
        assertThat(hashed).as("requests that got the one slot").isNotEmpty();
        assertThat(refused).as("requests beyond capacity").isNotEmpty();

        long quickestHash = hashed.stream().mapToLong(Timed::millis).min().orElseThrow();
        for (Timed t : refused) {
            assertThat(t.reply().errorCode()).isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(t.reply().json().get("success").asBoolean()).isFalse();
            assertThat(t.reply().header("Retry-After")).isEqualTo("1");
            assertThat(t.reply().header("Content-Type")).startsWith("application/json");
            // No fixed stopwatch: a refusal that had waited for the slot would take at least one whole hash.
            assertThat(t.millis()).as("refused without waiting for a hash").isLessThan(quickestHash);
        }
        System.out.printf("hashing overflow: %d x 503 in %s ms; %d hashed in %s ms%n", refused.size(),
                refused.stream().map(Timed::millis).sorted().toList(), hashed.size(),
                hashed.stream().map(Timed::millis).sorted().toList());

        // Capacity comes back: once the slot is free, a log-in is served again.
        assertThat(api.post("/login", body, null).status()).isEqualTo(401);
    }

    @Test
    void sign_ups_share_the_same_bound() throws Exception {
        List<Timed> replies = concurrently(CLIENTS, () -> rawPost("/register", ApiClient.json(
                "email", "new-" + System.nanoTime() + "@example.com", "password", "password123", "username", "n")));
        assertThat(replies).extracting(t -> t.reply().status()).containsOnly(201, 503).contains(503);
    }

    private record Timed(RawReply reply, long startedNanos, long finishedNanos) {
        long millis() {
            return TimeUnit.NANOSECONDS.toMillis(finishedNanos - startedNanos);
        }
    }

    private record RawReply(int status, String head, String body) {
        static RawReply parse(String response) {
            int split = response.indexOf("\r\n\r\n");
            String head = response.substring(0, split);
            return new RawReply(Integer.parseInt(head.split(" ")[1]), head, response.substring(split + 4));
        }

        String header(String name) {
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":")) {
                    return line.substring(name.length() + 1).strip();
                }
            }
            return null;
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        String errorCode() {
            return json().path("error").path("code").asText();
        }
    }

    /** One write per request, as curl does: what is timed is the server's answer, not a client's pacing. */
    private static RawReply rawPost(String path, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        try (Socket socket = new Socket("127.0.0.1", APP.getLocalPort())) {
            socket.setTcpNoDelay(true);
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.write(head.getBytes(StandardCharsets.US_ASCII));
            request.write(body);
            socket.getOutputStream().write(request.toByteArray());
            return RawReply.parse(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Timed> concurrently(int n, Supplier<RawReply> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Timed>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    long started = System.nanoTime();
                    RawReply reply = call.get();
                    return new Timed(reply, started, System.nanoTime());
                }));
            }
            start.countDown();
            List<Timed> results = new ArrayList<>();
            for (Future<Timed> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
