package dev.nestbox.adapters.rest;

import dev.nestbox.adapters.rest.security.BoundedPasswordHasher;
import dev.nestbox.application.port.in.DeletionOutcome;
import dev.nestbox.application.port.in.HostingRequestOutcome;
import dev.nestbox.application.port.in.ListPlansUseCase;
import dev.nestbox.application.port.in.LoginOutcome;
import dev.nestbox.application.port.in.OwnHosting;
import dev.nestbox.application.port.in.RegistrationOutcome;
import dev.nestbox.application.port.out.PasswordHasher;
import dev.nestbox.domain.user.Password;
import dev.nestbox.domain.user.UserId;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The REST edge as {@link RestApi} wires it tells its telemetry each answer by route template, never raw path. */
@ExtendWith(DropwizardExtensionsSupport.class)
class RequestMetricsTest {
    private static final List<String> EVENTS = new CopyOnWriteArrayList<>();
    private static volatile boolean goodPassword = true;

    /** Two log-ins or sign-ups at once per client address (all the same one here), then one a minute. */
    static final ResourceExtension EDGE = edge();

    private static ResourceExtension edge() {
        ApiTelemetry recording = new ApiTelemetry() {
            @Override
            public void answered(String method, String route, int status) {
                EVENTS.add(method + " " + route + " " + status);
            }

            @Override
            public void loggedIn(String outcome) {
                EVENTS.add("login " + outcome);
            }

            @Override
            public void rateLimited(String route) {
                EVENTS.add("limited " + route);
            }
        };
        RestApi.UseCases useCases = new RestApi.UseCases(
                command -> new RegistrationOutcome.Registered(new UserId(1)),
                command -> goodPassword ? new LoginOutcome.LoggedIn("a.b.c", Instant.EPOCH)
                        : new LoginOutcome.BadCredentials(),
                token -> "good".equals(token) ? Optional.of(new UserId(7)) : Optional.empty(),
                token -> "good".equals(token) ? Optional.of(new UserId(7)) : Optional.empty(),
                command -> new HostingRequestOutcome.AlreadyHasHosting(),
                user -> new OwnHosting.NoHosting(),
                user -> new DeletionOutcome.NotFound(),
                () -> new ListPlansUseCase.Offering(List.of(), "micro"));
        BoundedPasswordHasher hashing = new BoundedPasswordHasher(new PlainHasher(), 1, 0, Duration.ZERO,
                Duration.ofSeconds(1));
        ResourceExtension.Builder builder = ResourceExtension.builder()
                .setRegisterDefaultExceptionMappers(false)
                .bootstrapLogging(false);
        RestApi.components(useCases, new RestApi.Settings(1024, 1, 2, Set.of(), "edge-dashboard", 0, 0), hashing,
                recording).forEach(builder::addProvider);
        return builder.build();
    }

    @BeforeEach
    void reset() {
        EVENTS.clear();
    }

    @Test
    void a_log_in_is_counted_by_outcome_and_a_refusal_of_the_rate_limit_as_rate_limited() {
        goodPassword = false;
        assertThat(status(EDGE.target("/login").request()
                .post(json("{\"email\":\"a@example.com\",\"password\":\"password123\"}")))).isEqualTo(401);
        goodPassword = true;
        assertThat(status(EDGE.target("/login").request()
                .post(json("{\"email\":\"a@example.com\",\"password\":\"password123\"}")))).isEqualTo(200);
        assertThat(status(EDGE.target("/login").request()
                .post(json("{\"email\":\"a@example.com\",\"password\":\"password123\"}")))).isEqualTo(429);

        assertThat(EVENTS).containsExactly(
                "POST /login 401", "login bad_credentials",
                "POST /login 200", "login ok",
                "POST /login 429", "limited /login", "login rate_limited");
    }

    @Test
    void routes_are_templates_so_any_path_a_client_sends_stays_one_series() {
        assertThat(status(EDGE.target("/host").request().header("Authorization", "Bearer good").get()))
                .isEqualTo(404);
        assertThat(status(EDGE.target("/host").request().get())).isEqualTo(401);
        assertThat(status(EDGE.target("/some/random-page-1").request().get())).isEqualTo(404);
        assertThat(status(EDGE.target("/another/random-page-2").request().get())).isEqualTo(404);
        assertThat(status(EDGE.target("/host").request().header("Authorization", "Bearer good")
                .post(json("{not json")))).isEqualTo(400);

        assertThat(EVENTS).containsExactly(
                "GET /host 404",
                "GET /host 401",
                "GET /{path: .+} 404",
                "GET /{path: .+} 404",
                "POST /host 400");
    }

    @Test
    void login_outcomes_come_from_a_fixed_set() {
        assertThat(RequestMetrics.loginOutcome(200)).isEqualTo("ok");
        assertThat(RequestMetrics.loginOutcome(503)).isEqualTo("busy");
        assertThat(RequestMetrics.loginOutcome(413)).isEqualTo("invalid");
        assertThat(RequestMetrics.loginOutcome(500)).isEqualTo("error");
        for (int status = 100; status < 600; status++) {
            assertThat(ApiTelemetry.LOGIN_OUTCOMES).contains(RequestMetrics.loginOutcome(status));
        }
    }

    private static Entity<String> json(String body) {
        return Entity.entity(body, MediaType.APPLICATION_JSON);
    }

    private static int status(Response response) {
        try (response) {
            return response.getStatus();
        }
    }

    private static final class PlainHasher implements PasswordHasher {
        @Override
        public String hash(Password password) {
            return "hash";
        }

        @Override
        public boolean matches(Password candidate, String hash) {
            return true;
        }

        @Override
        public String decoyHash() {
            return "hash";
        }
    }
}
