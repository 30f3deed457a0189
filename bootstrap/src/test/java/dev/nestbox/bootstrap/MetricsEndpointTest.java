package dev.nestbox.bootstrap;

import dev.nestbox.adapters.postgres.PostgresTestDatabase;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Prometheus endpoint on the admin port after a known sequence of requests: our own metrics by name, labels
 * and exact values, next to Dropwizard's registry bridged into the same output. Provisioning is off, so the
 * requested hosting stays where the request put it (provisioning, at its first step) and no step, reload or pass runs.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsEndpointTest {
    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();
    /** Three attempts at once, then one a minute: the fourth log-in attempt below is refused. */
    static final DropwizardAppExtension<NestboxConfiguration> APP = TestApps.app(DATABASE,
            ConfigOverride.config("api.attemptsPerMinute", "1"),
            ConfigOverride.config("api.attemptsBurst", "3"));

    /** First: the hostings' count is cached for a few seconds from the first scrape on. */
    @Test
    @Order(1)
    void counts_log_ins_requests_and_hostings_as_they_happened() {
        ApiClient api = new ApiClient(APP.getLocalPort());
        String email = "metrics@example.com";
        api.register(email, "correct horse battery", "metrics");
        assertThat(api.post("/login", ApiClient.json("email", email, "password", "wrong horse battery"), null)
                .status()).isEqualTo(401);
        String token = api.login(email, "correct horse battery");
        assertThat(api.post("/login", ApiClient.json("email", email, "password", "correct horse battery"), null)
                .status()).isEqualTo(429);
        assertThat(api.get("/host", token).status()).isEqualTo(404);
        assertThat(api.post("/host", "", token).status()).isEqualTo(201);
        assertThat(api.get("/host", token).status()).isEqualTo(200);

        Map<String, Double> scraped = scrape();

        assertThat(scraped).containsEntry("nestbox_logins_total{outcome=\"ok\"}", 1.0)
                .containsEntry("nestbox_logins_total{outcome=\"bad_credentials\"}", 1.0)
                .containsEntry("nestbox_logins_total{outcome=\"rate_limited\"}", 1.0)
                .containsEntry("nestbox_logins_total{outcome=\"busy\"}", 0.0)
                .containsEntry("nestbox_rate_limited_requests_total{route=\"/login\"}", 1.0);
        assertThat(series(scraped, "nestbox_http_requests_total")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "nestbox_http_requests_total{method=\"POST\",route=\"/register\",status=\"201\"}", 1.0,
                "nestbox_http_requests_total{method=\"POST\",route=\"/login\",status=\"401\"}", 1.0,
                "nestbox_http_requests_total{method=\"POST\",route=\"/login\",status=\"200\"}", 1.0,
                "nestbox_http_requests_total{method=\"POST\",route=\"/login\",status=\"429\"}", 1.0,
                "nestbox_http_requests_total{method=\"GET\",route=\"/host\",status=\"404\"}", 1.0,
                "nestbox_http_requests_total{method=\"POST\",route=\"/host\",status=\"201\"}", 1.0,
                "nestbox_http_requests_total{method=\"GET\",route=\"/host\",status=\"200\"}", 1.0));
        assertThat(series(scraped, "nestbox_hostings{")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "nestbox_hostings{state=\"pending\"}", 0.0,
                "nestbox_hostings{state=\"provisioning\"}", 1.0,
                "nestbox_hostings{state=\"running\"}", 0.0,
                "nestbox_hostings{state=\"failed\"}", 0.0,
                "nestbox_hostings{state=\"deleting\"}", 0.0,
                "nestbox_hostings{state=\"spare\"}", 0.0));
        assertThat(scraped).containsEntry("nestbox_provisioning_queue_depth", 0.0)
                .containsEntry("nestbox_provisioning_workers_busy", 0.0)
                .containsEntry("nestbox_provisioning_failures_total{reason=\"deadline\"}", 0.0)
                .containsEntry("nestbox_provisioning_failures_total{reason=\"capacity\"}", 0.0)
                .containsEntry("nestbox_provisioning_duration_seconds_count", 0.0)
                .containsEntry("nestbox_provisioning_step_duration_seconds_count{step=\"wait_ssh\"}", 0.0)
                .containsEntry("nestbox_reconcile_passes_total", 0.0)
                .containsEntry("nestbox_reconcile_fixes_total", 0.0)
                .containsEntry("nestbox_nginx_reloads_total", 0.0)
                .containsEntry("nestbox_nginx_reload_failures_total", 0.0)
                // Dropwizard's registry, bridged: the healer's gauges and Jetty's.
                .containsEntry("nestbox_machines_restarted", 0.0)
                .containsEntry("nestbox_machines_failed", 0.0)
                .containsKey("io_dropwizard_jetty_MutableServletContextHandler_dispatches_count");
    }

    @Test
    @Order(2)
    void the_endpoint_speaks_the_prometheus_text_format_and_only_on_the_admin_port() {
        ApiClient admin = new ApiClient(APP.getAdminPort());
        ApiClient.Reply reply = admin.get(NestboxApplication.PROMETHEUS_PATH, null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("text/plain").contains("version=0.0.4");
        assertThat(reply.body()).contains("# TYPE nestbox_provisioning_step_duration_seconds histogram",
                "# TYPE nestbox_logins_total counter", "# TYPE nestbox_hostings gauge");
        assertThat(new ApiClient(APP.getLocalPort()).get(NestboxApplication.PROMETHEUS_PATH, null).status())
                .isEqualTo(404);
    }

    /** Every sample of the text format, keyed by name and labels as written. */
    private static Map<String, Double> scrape() {
        ApiClient admin = new ApiClient(APP.getAdminPort());
        ApiClient.Reply reply = admin.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + APP.getAdminPort() + NestboxApplication.PROMETHEUS_PATH)).GET());
        assertThat(reply.status()).isEqualTo(200);
        Map<String, Double> samples = new TreeMap<>();
        for (String line : reply.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }

    private static Map<String, Double> series(Map<String, Double> samples, String prefix) {
        Map<String, Double> matching = new TreeMap<>();
        samples.forEach((key, value) -> Optional.of(key).filter(k -> k.startsWith(prefix))
                .ifPresent(k -> matching.put(k, value)));
        return matching;
    }
}
