package dev.nestbox.bootstrap;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.nestbox.adapters.postgres.PostgresTestDatabase;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One id per request, end to end in the running server: the X-Request-Id it was sent (when sane) or a new one is
 * the response's header, the error envelope's error_id, and the request_id of every log line the request caused.
 * libvirtd is down here, so that deleting a hosting fails in the request and logs an error.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RequestIdTest {
    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();
    static final DropwizardAppExtension<NestboxConfiguration> APP = TestApps.app(DATABASE,
            ConfigOverride.config("hypervisor.uri", "test+unix:///default?socket=" + tempDir().resolve("none")),
            ConfigOverride.config("hypervisor.firewall.enabled", "false"));

    private final ApiClient api = new ApiClient(APP.getLocalPort());
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void recordLogs() {
        logged.start();
        root.addAppender(logged);
    }

    @AfterEach
    void stopRecording() {
        root.detachAppender(logged);
    }

    @Test
    void a_sane_request_id_is_the_error_id_and_the_response_header() {
        String id = "e2e-" + UUID.randomUUID();

        var reply = api.send(api.builder("/login", null).header("X-Request-Id", id)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{not json")));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().path("error").path("code").asText()).isEqualTo("INVALID_JSON");
        assertThat(reply.json().path("error").path("error_id").asText()).isEqualTo(id);
        assertThat(reply.header("X-Request-Id")).isEqualTo(id);
    }

    @Test
    void an_id_that_is_not_a_sane_token_is_replaced_and_the_new_one_is_answered_both_ways() {
        var reply = api.send(api.builder("/host", null).header("X-Request-Id", "x;y").GET());

        assertThat(reply.status()).isEqualTo(401);
        String id = reply.header("X-Request-Id");
        assertThat(id).matches("[0-9a-f]{32}");
        assertThat(reply.json().path("error").path("error_id").asText()).isEqualTo(id);
    }

    @Test
    void a_request_without_an_id_gets_one_and_so_does_the_dashboard() {
        var first = api.get("/host", null);
        var second = api.get("/host", null);
        var dashboard = api.get("/", null);

        assertThat(first.header("X-Request-Id")).matches("[0-9a-f]{32}")
                .isEqualTo(first.json().path("error").path("error_id").asText());
        assertThat(second.header("X-Request-Id")).matches("[0-9a-f]{32}").isNotEqualTo(first.header("X-Request-Id"));
        assertThat(dashboard.status()).isEqualTo(200);
        assertThat(dashboard.header("X-Request-Id")).matches("[0-9a-f]{32}");
    }

    @Test
    void the_log_lines_a_request_causes_carry_its_id_and_its_503_names_it() {
        String email = "user-" + UUID.randomUUID() + "@example.com";
        api.register(email, "correct horse battery", "traced");
        String token = api.login(email, "correct horse battery");
        assertThat(api.post("/host", "", token).status()).isEqualTo(201);
        String id = "e2e-delete-" + UUID.randomUUID().toString().substring(0, 8);

        var deleted = api.send(api.builder("/host", token).header("X-Request-Id", id).DELETE());

        assertThat(deleted.status()).isEqualTo(503);
        assertThat(deleted.json().path("error").path("error_id").asText()).isEqualTo(id);
        assertThat(logged.list).filteredOn(event -> id.equals(event.getMDCPropertyMap().get("request_id")))
                .as("log lines of the DELETE").isNotEmpty()
                .anySatisfy(event -> assertThat(event.getFormattedMessage()).contains("unavailable", id));
        assertThat(logged.list).filteredOn(event -> event.getThreadName().contains("dw-"))
                .as("every line a request thread wrote carries its request's id")
                .allSatisfy(event -> assertThat(event.getMDCPropertyMap()).containsKey("request_id"));
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("nestbox-request-id-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
