package dev.nestbox.adapters.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nestbox.adapters.rest.security.BoundedPasswordHasher;
import dev.nestbox.application.port.in.DeletionOutcome;
import dev.nestbox.application.port.in.HostingRequestOutcome;
import dev.nestbox.domain.plan.Plan;
import dev.nestbox.application.port.in.ListPlansUseCase;
import dev.nestbox.application.port.in.LoginOutcome;
import dev.nestbox.application.port.in.OwnHosting;
import dev.nestbox.application.port.in.RegistrationOutcome;
import dev.nestbox.application.port.out.DependencyFailure;
import dev.nestbox.application.port.out.PasswordHasher;
import dev.nestbox.domain.hosting.SiteName;
import dev.nestbox.domain.user.Password;
import dev.nestbox.domain.user.UserId;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST edge exactly as {@link RestApi#install} wires it (filters, auth, resources, dashboard, the one error
 * mapper), over use cases that answer what each test needs: every status the API documents, with its envelope.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RestEdgeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "good-token";
    private static final String GONE_USERS_TOKEN = "token-of-a-deleted-user";
    private static final UserId GONE_USER = new UserId(8);
    private static final String ALLOWED_ORIGIN = "https://app.example.org";
    private static final Fakes FAKES = new Fakes();
    private static final Fakes LIMITED_FAKES = new Fakes();

    static final ResourceExtension EDGE = edge(FAKES, new RestApi.Settings(1024, 0, 1, Set.of(ALLOWED_ORIGIN),
            "edge-dashboard", 0, 0));
    /** One sign-up or log-in per address, one hosting change per account: the second is refused. */
    static final ResourceExtension LIMITED = edge(LIMITED_FAKES, new RestApi.Settings(1024, 1, 1, Set.of(),
            "edge-dashboard", 1, 0));

    private static ResourceExtension edge(Fakes fakes, RestApi.Settings settings) {
        BoundedPasswordHasher hashing = new BoundedPasswordHasher(new PlainHasher(), 1, 0, Duration.ZERO,
                Duration.ofSeconds(1));
        ResourceExtension.Builder builder = ResourceExtension.builder()
                .setRegisterDefaultExceptionMappers(false)
                .bootstrapLogging(false);
        RestApi.components(fakes.useCases(), settings, hashing).forEach(builder::addProvider);
        return builder.build();
    }

    @BeforeEach
    void reset() {
        FAKES.reset();
        LIMITED_FAKES.reset();
    }

    // ---- 400 ----------------------------------------------------------------------------------------------

    @Test
    void a_body_that_is_not_json_is_400_invalid_json() {
        Reply reply = post(EDGE, "/register", "{not json", null);

        reply.assertError(400, "INVALID_JSON");
    }

    @Test
    void a_bad_field_is_400_invalid_input_naming_the_field() {
        Reply reply = post(EDGE, "/register", "{\"email\":\"nope\",\"password\":\"password123\",\"username\":\"u\"}",
                null);

        reply.assertError(400, "INVALID_INPUT");
        assertThat(reply.json().path("error").path("field").asText()).isEqualTo("email");
    }

    @Test
    void a_refused_public_key_is_400_on_its_field() {
        FAKES.hosting = () -> new HostingRequestOutcome.InvalidPublicKey("not an SSH public key");

        Reply reply = post(EDGE, "/host", "{\"ssh_public_key\":\"ssh-ed25519 AAAA\"}", TOKEN);

        reply.assertError(400, "INVALID_INPUT");
        assertThat(reply.json().path("error").path("field").asText()).isEqualTo("ssh_public_key");
        assertThat(reply.message()).isEqualTo("ssh_public_key: not an SSH public key");
    }

    // ---- 401 ----------------------------------------------------------------------------------------------

    @Test
    void no_or_an_unknown_token_is_401_unauthorized_with_a_bearer_challenge() {
        for (String token : new String[]{null, "forged"}) {
            Reply reply = send(EDGE.target("/host").request(), token, "GET", null);

            reply.assertError(401, "UNAUTHORIZED");
            assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"nestbox\"");
        }
        assertThat(FAKES.shown).as("the resource never ran").isZero();
    }

    @Test
    void a_deleted_users_token_is_401_whether_the_filter_or_the_use_cases_query_finds_out() {
        Reply shown = send(EDGE.target("/host").request(), GONE_USERS_TOKEN, "GET", null);
        shown.assertError(401, "UNAUTHORIZED");
        assertThat(shown.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"nestbox\"");
        assertThat(FAKES.shown).as("GET /host checks the user in its own query").isEqualTo(1);

        send(EDGE.target("/host").request(), GONE_USERS_TOKEN, "DELETE", null).assertError(401, "UNAUTHORIZED");
        post(EDGE, "/host", "", GONE_USERS_TOKEN).assertError(401, "UNAUTHORIZED");
    }

    @Test
    void wrong_credentials_are_401_invalid_credentials() {
        FAKES.login = LoginOutcome.BadCredentials::new;

        Reply reply = post(EDGE, "/login", "{\"email\":\"a@example.org\",\"password\":\"password123\"}", null);

        reply.assertError(401, "INVALID_CREDENTIALS");
        assertThat(reply.message()).isEqualTo("Wrong email or password");
    }

    // ---- 404, 405 -----------------------------------------------------------------------------------------

    @Test
    void no_hosting_and_an_unknown_path_are_404_not_found() {
        send(EDGE.target("/host").request(), TOKEN, "GET", null).assertError(404, "NOT_FOUND");
        send(EDGE.target("/host").request(), TOKEN, "DELETE", null).assertError(404, "NOT_FOUND");
        send(EDGE.target("/no/such/thing").request(MediaType.APPLICATION_JSON), null, "GET", null)
                .assertError(404, "NOT_FOUND");
    }

    @Test
    void a_method_an_api_path_lacks_is_405_with_the_methods_it_has() {
        Reply get = send(EDGE.target("/register").request(), null, "GET", null);
        get.assertError(405, "METHOD_NOT_ALLOWED");
        assertThat(get.header("Allow")).isEqualTo("POST");

        Reply put = send(EDGE.target("/host").request(), TOKEN, "PUT", Entity.json("{}"));
        put.assertError(405, "METHOD_NOT_ALLOWED");
        assertThat(put.header("Allow").split(",\\s*")).contains("GET", "POST", "DELETE").doesNotContain("PUT");
    }

    // ---- 409 ----------------------------------------------------------------------------------------------

    @Test
    void a_taken_email_and_a_second_hosting_are_409() {
        FAKES.registration = RegistrationOutcome.EmailTaken::new;
        FAKES.hosting = HostingRequestOutcome.AlreadyHasHosting::new;

        Reply taken = post(EDGE, "/register",
                "{\"email\":\"a@example.org\",\"password\":\"password123\",\"username\":\"u\"}", null);
        taken.assertError(409, "EMAIL_TAKEN");
        assertThat(taken.json().path("error").path("field").asText()).isEqualTo("email");

        post(EDGE, "/host", "", TOKEN).assertError(409, "HOSTING_EXISTS");
    }

    @Test
    void a_site_name_with_an_earlier_sites_leftovers_is_409_and_names_the_site() {
        FAKES.hosting = () -> new HostingRequestOutcome.SiteNameHasLeftovers(SiteName.of("alice"));

        Reply reply = post(EDGE, "/host", "", TOKEN);

        reply.assertError(409, "SITE_NAME_HAS_LEFTOVERS");
        assertThat(reply.message()).contains("alice").contains("administrator");
    }

    @Test
    void plans_are_listed_without_a_token_and_a_bad_or_unknown_plan_is_400_on_the_field_plan() {
        Reply plans = send(EDGE.target("/plans").request(), null, "GET", null);
        assertThat(plans.status()).isEqualTo(200);
        assertThat(plans.json().path("data").path("default").asText()).isEqualTo("micro");
        assertThat(plans.json().path("data").path("plans").get(1).path("name").asText()).isEqualTo("debian-12");
        assertThat(plans.json().path("data").path("plans").get(1).path("memory_mib").asInt()).isEqualTo(512);
        assertThat(plans.json().path("data").path("plans").get(1).path("available").asBoolean()).isFalse();

        Reply malformed = post(EDGE, "/host", "{\"plan\":\"../etc\"}", TOKEN);
        malformed.assertError(400, "INVALID_INPUT");
        assertThat(malformed.json().path("error").path("field").asText()).isEqualTo("plan");

        FAKES.hosting = () -> new HostingRequestOutcome.UnknownPlan("ubuntu", List.of("micro", "debian-12"));
        Reply unknown = post(EDGE, "/host", "{\"plan\":\"ubuntu\"}", TOKEN);
        unknown.assertError(400, "INVALID_INPUT");
        assertThat(unknown.message()).contains("ubuntu").contains("micro, debian-12");

        FAKES.hosting = () -> new HostingRequestOutcome.PlanUnavailable("debian-12", "debian-12");
        Reply unavailable = post(EDGE, "/host", "{\"plan\":\"debian-12\"}", TOKEN);
        unavailable.assertError(503, "PLAN_UNAVAILABLE");
        assertThat(unavailable.message()).contains("debian-12");
    }

    // ---- 413, 415 -----------------------------------------------------------------------------------------

    @Test
    void a_body_over_the_limit_is_413_payload_too_large() {
        String big = "{\"email\":\"a@example.org\",\"password\":\"password123\",\"username\":\"" + "x".repeat(2000) + "\"}";

        post(EDGE, "/register", big, null).assertError(413, "PAYLOAD_TOO_LARGE");
        assertThat(FAKES.registrations).isZero();
    }

    @Test
    void a_body_that_is_not_declared_json_is_415() {
        Reply reply = send(EDGE.target("/register").request(), null, "POST", Entity.text("hello"));

        reply.assertError(415, "UNSUPPORTED_MEDIA_TYPE");
    }

    // ---- 429 ----------------------------------------------------------------------------------------------

    @Test
    void attempts_beyond_the_per_address_budget_are_429_with_retry_after() {
        String body = "{\"email\":\"a@example.org\",\"password\":\"password123\"}";
        post(LIMITED, "/login", body, null).assertStatus(200);

        Reply refused = post(LIMITED, "/login", body, null);

        refused.assertError(429, "RATE_LIMITED");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(LIMITED_FAKES.logins).as("the refused attempt never reached the use case").isEqualTo(1);
    }

    @Test
    void hosting_changes_beyond_the_per_account_budget_are_429_with_retry_after() {
        LIMITED_FAKES.hosting = HostingRequestOutcome.AlreadyHasHosting::new;
        post(LIMITED, "/host", "", TOKEN).assertError(409, "HOSTING_EXISTS");

        Reply refused = post(LIMITED, "/host", "", TOKEN);

        refused.assertError(429, "RATE_LIMITED");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
    }

    // ---- 500, 503 -----------------------------------------------------------------------------------------

    @Test
    void a_dependency_down_is_503_naming_it_with_an_error_id_and_no_internals() {
        FAKES.login = () -> {
            throw new DatabaseDown();
        };

        Reply reply = post(EDGE, "/login", "{\"email\":\"a@example.org\",\"password\":\"password123\"}", null);

        reply.assertError(503, "SERVICE_UNAVAILABLE");
        assertThat(reply.message()).isEqualTo("The database is unavailable right now; please try again in a minute");
        assertThat(reply.json().path("error").path("error_id").asText()).matches("[0-9a-f]{32}");
        assertThat(reply.body()).doesNotContain("connection refused", "DatabaseDown", "at dev.nestbox");
    }

    @Test
    void a_full_host_is_503_capacity_exhausted_with_its_reason() {
        FAKES.hosting = () -> new HostingRequestOutcome.CapacityExhausted("the host is full: it runs its maximum of 3 sites");

        Reply reply = post(EDGE, "/host", "", TOKEN);

        reply.assertError(503, "CAPACITY_EXHAUSTED");
        assertThat(reply.message()).isEqualTo("No capacity for a new site right now (the host is full: it runs its "
                + "maximum of 3 sites); please try again later");
    }

    @Test
    void a_bug_is_500_internal_error_with_an_error_id_and_no_internals() {
        FAKES.deletion = () -> {
            throw new IllegalStateException("secret internal detail");
        };

        Reply reply = send(EDGE.target("/host").request(), TOKEN, "DELETE", null);

        reply.assertError(500, "INTERNAL_ERROR");
        assertThat(reply.json().path("error").path("error_id").asText()).matches("[0-9a-f]{32}");
        assertThat(reply.message()).contains(reply.json().path("error").path("error_id").asText());
        assertThat(reply.body()).doesNotContain("secret internal detail", "IllegalStateException");
    }

    // ---- headers ------------------------------------------------------------------------------------------

    @Test
    void an_allowed_origin_gets_cors_headers_and_any_other_origin_none() {
        Reply allowed = send(EDGE.target("/host").request().header("Origin", ALLOWED_ORIGIN), TOKEN, "GET", null);
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo(ALLOWED_ORIGIN);
        assertThat(allowed.header("Access-Control-Allow-Methods")).isEqualTo("GET, POST, DELETE, OPTIONS");
        assertThat(allowed.header("Access-Control-Allow-Headers")).isEqualTo("Authorization, Content-Type");
        assertThat(allowed.header("Vary")).contains("Origin");

        Reply other = send(EDGE.target("/host").request().header("Origin", "https://evil.example"), TOKEN, "GET", null);
        assertThat(other.header("Access-Control-Allow-Origin")).isNull();
        assertThat(other.header("Access-Control-Allow-Methods")).isNull();
        Reply none = send(EDGE.target("/host").request(), TOKEN, "GET", null);
        assertThat(none.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void every_answer_success_or_error_carries_the_security_headers_and_is_not_cached() {
        FAKES.login = () -> new LoginOutcome.LoggedIn("a.b.c", Instant.EPOCH);
        Reply ok = post(EDGE, "/login", "{\"email\":\"a@example.org\",\"password\":\"password123\"}", null);
        Reply refused = send(EDGE.target("/host").request(), null, "GET", null);
        Reply failed = post(EDGE, "/register", "{not json", null);

        ok.assertStatus(200);
        for (Reply reply : new Reply[]{ok, refused, failed}) {
            assertThat(reply.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(reply.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(reply.header("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
            assertThat(reply.header("Content-Type")).startsWith("application/json");
        }
    }

    @Test
    void a_dashboard_page_gets_a_csp_allowing_only_its_own_hashed_inline_script() {
        Reply page = send(EDGE.target("/").request(MediaType.TEXT_HTML), null, "GET", null);

        page.assertStatus(200);
        assertThat(page.body()).contains("<script>self.__boot=1</script>");
        String csp = page.header("Content-Security-Policy");
        assertThat(csp).contains("default-src 'self'")
                .contains("script-src 'self' 'sha256-mqYjMXD+2lJmGo8xYYDhfenSueOot3O026cYzih1x8g=';")
                .contains("frame-ancestors 'none'")
                .contains("object-src 'none'")
                .contains("base-uri 'none'");
        String scriptSrc = csp.substring(csp.indexOf("script-src"), csp.indexOf(';', csp.indexOf("script-src")));
        assertThat(scriptSrc).doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.header("Cache-Control")).isEqualTo("no-cache");
    }

    // ---- plumbing -----------------------------------------------------------------------------------------

    private static Reply post(ResourceExtension edge, String path, String json, String token) {
        return send(edge.target(path).request(), token, "POST", Entity.entity(json, MediaType.APPLICATION_JSON));
    }

    private static Reply send(Invocation.Builder request, String token, String method, Entity<?> entity) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try (Response response = entity == null ? request.method(method) : request.method(method, entity)) {
            return new Reply(response.getStatus(), response.readEntity(String.class), response);
        }
    }

    private record Reply(int status, String body, Response raw) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        String message() {
            return json().path("error").path("message").asText();
        }

        String header(String name) {
            return raw.getHeaderString(name);
        }

        void assertStatus(int expected) {
            assertThat(status).as(body).isEqualTo(expected);
        }

        void assertError(int expected, String code) {
            assertStatus(expected);
            assertThat(json().path("success").isBoolean()).as(body).isTrue();
            assertThat(json().path("success").asBoolean()).as(body).isFalse();
            assertThat(json().path("error").path("code").asText()).as(body).isEqualTo(code);
            assertThat(message()).as(body).isNotBlank();
            assertThat(header("Content-Type")).startsWith("application/json");
        }
    }

    /** Use cases whose answers each test sets; counts show whether a refused request reached them. */
    private static final class Fakes {
        volatile Supplier<RegistrationOutcome> registration;
        volatile Supplier<LoginOutcome> login;
        volatile Supplier<HostingRequestOutcome> hosting;
        volatile Supplier<DeletionOutcome> deletion;
        volatile int registrations;
        volatile int logins;
        volatile int shown;

        void reset() {
            registration = () -> new RegistrationOutcome.Registered(new UserId(1));
            login = () -> new LoginOutcome.LoggedIn("a.b.c", Instant.EPOCH);
            hosting = HostingRequestOutcome.AlreadyHasHosting::new;
            deletion = DeletionOutcome.NotFound::new;
            registrations = 0;
            logins = 0;
            shown = 0;
        }

        RestApi.UseCases useCases() {
            reset();
            return new RestApi.UseCases(
                    command -> {
                        registrations++;
                        return registration.get();
                    },
                    command -> {
                        logins++;
                        return login.get();
                    },
                    token -> TOKEN.equals(token) ? Optional.of(new UserId(7)) : Optional.empty(),
                    // The token alone: a deleted user's token still reads, and only the use case refuses it.
                    token -> TOKEN.equals(token) ? Optional.of(new UserId(7))
                            : GONE_USERS_TOKEN.equals(token) ? Optional.of(GONE_USER) : Optional.empty(),
                    command -> hosting.get(),
                    user -> {
                        shown++;
                        return GONE_USER.equals(user) ? new OwnHosting.UnknownUser() : new OwnHosting.NoHosting();
                    },
                    user -> deletion.get(),
                    () -> new ListPlansUseCase.Offering(List.of(
                            new ListPlansUseCase.Offered(new Plan("micro", "micro", 128, 1, 1024), "small", true),
                            new ListPlansUseCase.Offered(new Plan("debian-12", "debian-12", 512, 1, 4096), "full",
                                    false)), "micro"));
        }
    }

    /** An adapter's failure, as the database adapter would throw it. */
    private static final class DatabaseDown extends DependencyFailure {
        DatabaseDown() {
            super("database", "connection refused");
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
