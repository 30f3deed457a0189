package dev.nestbox.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nestbox.adapters.postgres.PostgresTestDatabase;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With libvirtd and nginx both down the server still starts and serves the API: its health checks say what is
 * down, and a requested hosting waits, pending, instead of failing. (That it provisions once they are back is
 * DependencyOutageTest's, in the application, with a hypervisor that can come back.)
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DegradedStartTest {
    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();
    /** A libvirt socket nobody listens on: libvirtd is down. No nginx is started either. */
    static final Path NO_LIBVIRTD = tempDir().resolve("libvirt-sock");
    static final DropwizardAppExtension<NestboxConfiguration> APP = TestApps.app(DATABASE,
            ConfigOverride.config("provisioning.enabled", "true"),
            ConfigOverride.config("provisioning.sweepInterval", "20ms"),
            ConfigOverride.config("hypervisor.uri", "test+unix:///default?socket=" + NO_LIBVIRTD),
            ConfigOverride.config("hypervisor.firewall.enabled", "false"));

    private final ApiClient api = new ApiClient(APP.getLocalPort());

    @BeforeAll
    static void configureNginxWithoutStartingIt() {
        // nginx -t then passes: what is wrong is only that nginx does not run.
        Nestbox.writeNginxMainConfig(APP.getConfiguration());
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("nestbox-degraded-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void the_health_checks_name_the_hypervisor_and_nginx_as_down_and_the_database_as_up() {
        var health = new ApiClient(APP.getAdminPort()).get("/healthcheck", null);

        assertThat(health.status()).isEqualTo(500);
        JsonNode checks = health.json();
        assertThat(checks.path("postgresql").path("healthy").asBoolean()).isTrue();
        assertThat(checks.path("hypervisor").path("healthy").asBoolean()).isFalse();
        assertThat(checks.path("hypervisor").path("message").asText()).contains("cannot connect to libvirt");
        assertThat(checks.path("reverse-proxy").path("healthy").asBoolean()).isFalse();
        assertThat(checks.path("reverse-proxy").path("message").asText()).contains("nginx is not running");
    }

    @Test
    void the_healers_counts_are_gauges_on_the_admin_port() {
        var metrics = new ApiClient(APP.getAdminPort()).get("/metrics", null);

        assertThat(metrics.status()).isEqualTo(200);
        JsonNode gauges = metrics.json().path("gauges");
        assertThat(gauges.path("nestbox.machines.restarted").path("value").asLong(-1)).isZero();
        assertThat(gauges.path("nestbox.machines.failed").path("value").asLong(-1)).isZero();
    }

    @Test
    void a_hosting_requested_meanwhile_is_accepted_and_waits_at_its_first_step_across_many_sweeps() {
        String email = "user-" + UUID.randomUUID() + "@example.com";
        api.register(email, "correct horse battery", "patient");
        String token = api.login(email, "correct horse battery");

        var created = api.post("/host", "", token);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("data").path("status").asText()).isEqualTo("provisioning");
        // A worker that took it up would fail its first step (the disk) and, without the outage rule, the hosting:
        // over a hundred sweeps (20 ms apart) it must stay where it was accepted.
        long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < end) {
            var hosting = api.get("/host", token);
            assertThat(hosting.status()).isEqualTo(200);
            JsonNode data = hosting.json().path("data");
            assertThat(data.path("status").asText()).isEqualTo("provisioning");
            assertThat(data.path("provisioning_step").asText()).isEqualTo("create_disk");
        }
    }
}
