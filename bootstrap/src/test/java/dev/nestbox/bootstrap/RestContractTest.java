package dev.nestbox.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestbox.adapters.postgres.PostgresTestDatabase;
import dev.nestbox.adapters.rest.dto.ErrorResponse;
import dev.nestbox.adapters.rest.error.ApiError;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The REST contract, to the letter, through real HTTP against the whole application and a real PostgreSQL. */
@ExtendWith(DropwizardExtensionsSupport.class)
class RestContractTest {
    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();
    static final Path DATA = tempDir();

    static final DropwizardAppExtension<NestboxConfiguration> APP = new DropwizardAppExtension<>(
            NestboxApplication.class, ResourceHelpers.resourceFilePath("test-config.yml"),
            ConfigOverride.config("database.url", () -> DATABASE.start().url()),
            ConfigOverride.config("database.user", DATABASE::user),
            ConfigOverride.config("database.password", DATABASE::password),
            ConfigOverride.config("migrateOnStart", "true"),
            ConfigOverride.config("dataDir", DATA.toString()),
            ConfigOverride.config("proxy.nginxDir", DATA.resolve("nginx").toString()),
            ConfigOverride.config("proxy.listenAddress", "127.0.0.1"),
            ConfigOverride.config("proxy.sitesPort", String.valueOf(TestNginx.freePort())),
            ConfigOverride.config("proxy.panelPort", String.valueOf(TestNginx.freePort())),
            ConfigOverride.config("hypervisor.seedDir", DATA.resolve("seeds").toString()),
            ConfigOverride.config("hypervisor.poolPath", DATA.resolve("disks").toString()),
            ConfigOverride.config("hypervisor.imagesDir", DATA.resolve("images").toString()),
            ConfigOverride.config("hypervisor.consoleLogDir", DATA.resolve("console").toString()));

    private static TestNginx nginx;
    private final ApiClient api = new ApiClient(APP.getLocalPort());

    @BeforeAll
    static void startNginx() {
        nginx = TestNginx.start(APP.getConfiguration());
    }

    @AfterAll
    static void stopNginx() {
        if (nginx != null) {
            nginx.close();
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("nestbox-rest-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String uniqueEmail() {
        return "user-" + UUID.randomUUID() + "@example.com";
    }

    /** nginx's panel answers by itself while the server is down; its body must be the API's own envelope. */
    @Test
    void the_panels_answer_while_the_server_is_down_is_the_apis_envelope_for_service_unavailable() throws Exception {
        String envelope = APP.getObjectMapper().writeValueAsString(ErrorResponse.of(
                ApiError.SERVICE_UNAVAILABLE.name(), ApiError.SERVICE_UNAVAILABLE.defaultMessage(), null, null));

        String nginxConf = Files.readString(Path.of(APP.getConfiguration().proxy.nginxDir, "nginx.conf"));

        assertThat(nginxConf).contains("return 200 '" + envelope + "';");
    }

    private String signedUp(String username) {
        String email = uniqueEmail();
        api.register(email, "correct horse battery", username);
        return api.login(email, "correct horse battery");
    }

    @Test
    void register_answers_201_with_the_contract_body() {
        var reply = api.post("/register",
                ApiClient.json("email", uniqueEmail(), "password", "password123", "username", "username"), null);
        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.json().toString())
                .isEqualTo("{\"success\":true,\"message\":\"User registered successfully\"}");
        assertThat(reply.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void register_refuses_a_taken_email_whatever_its_case() {
        String email = uniqueEmail();
        api.register(email, "password123", "first");
        var reply = api.post("/register",
                ApiClient.json("email", "  " + email.toUpperCase() + " ", "password", "password123", "username", "x"), null);
        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.json().get("success").asBoolean()).isFalse();
        assertThat(reply.errorCode()).isEqualTo("EMAIL_TAKEN");
    }

    @Test
    void register_names_the_field_that_is_wrong() {
        assertInvalid(ApiClient.json("email", "not-an-email", "password", "password123", "username", "u"), "email");
        assertInvalid(ApiClient.json("password", "password123", "username", "u"), "email");
        assertInvalid(ApiClient.json("email", uniqueEmail(), "password", "short", "username", "u"), "password");
        assertInvalid(ApiClient.json("email", uniqueEmail(), "password", "x".repeat(73), "username", "u"), "password");
        assertInvalid(ApiClient.json("email", uniqueEmail(), "password", "é".repeat(37), "username", "u"), "password");
        assertInvalid(ApiClient.json("email", uniqueEmail(), "password", "password123", "username", "  "), "username");
        assertInvalid(ApiClient.json("email", uniqueEmail(), "password", "password123", "username", "a\u0007b"), "username");
        assertInvalid(ApiClient.json("email", uniqueEmail(), "password", "password123", "username", "u".repeat(101)), "username");
        assertInvalid(ApiClient.json("email", "a@b.co".repeat(50), "password", "password123", "username", "u"), "email");
    }

    @Test
    void a_password_of_exactly_72_bytes_is_kept_whole() {
        String email = uniqueEmail();
        String password = "p".repeat(72);
        api.register(email, password, "longpass");
        assertThat(api.post("/login", ApiClient.json("email", email, "password", password), null).status()).isEqualTo(200);
        assertThat(api.post("/login", ApiClient.json("email", email, "password", "p".repeat(71) + "q"), null).status())
                .isEqualTo(401);
    }

    private void assertInvalid(String body, String field) {
        var reply = api.post("/register", body, null);
        assertThat(reply.status()).as(body).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("INVALID_INPUT");
        assertThat(reply.json().path("error").path("field").asText()).isEqualTo(field);
        assertThat(reply.json().path("error").path("message").asText()).contains(field);
    }

    @Test
    void malformed_bodies_get_json_errors_never_500() {
        assertThat(api.post("/register", "{not json", null).errorCode()).isEqualTo("INVALID_JSON");
        assertThat(api.post("/register", "{\"email\": [1,2]}", null).status()).isEqualTo(400);
        assertThat(api.post("/register", "[]", null).status()).isEqualTo(400);
        assertThat(api.post("/register", "", null).status()).isEqualTo(400);
        assertThat(api.post("/register", "null", null).status()).isEqualTo(400);
        var wrongType = api.send(api.builder("/register", null).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello")));
        assertThat(wrongType.status()).isEqualTo(415);
        assertThat(wrongType.errorCode()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void bodies_over_64_kib_get_413() {
        String big = ApiClient.json("email", uniqueEmail(), "password", "password123", "username", "x".repeat(70_000));
        var reply = api.post("/register", big, null);
        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.errorCode()).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void unknown_paths_and_methods_get_json_errors() {
        var notFound = api.get("/no/such/thing", null);
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.errorCode()).isEqualTo("NOT_FOUND");
        var wrongMethod = api.get("/register", null);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.errorCode()).isEqualTo("METHOD_NOT_ALLOWED");
        var put = api.send(api.builder("/host", null).PUT(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(put.status()).isEqualTo(405);
        assertThat(api.post("/somewhere", "{}", null).status()).isEqualTo(404);
    }

    @Test
    void requests_jetty_refuses_before_the_api_still_get_the_json_envelope() throws Exception {
        for (String path : new String[]{"/%zz", "/..%2f..%2fetc/passwd"}) {
            try (var socket = new java.net.Socket("127.0.0.1", APP.getLocalPort())) {
                socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(reply).as(path).startsWith("HTTP/1.1 400").contains("application/json")
                        .contains("{\"success\":false,\"error\":{\"code\":\"INVALID_REQUEST\"");
            }
        }
    }

    @Test
    void headers_too_large_for_jetty_get_431_with_a_code_of_the_error_table() throws Exception {
        try (var socket = new java.net.Socket("127.0.0.1", APP.getLocalPort())) {
            socket.getOutputStream().write(("GET /host HTTP/1.1\r\nHost: x\r\nX-Padding: " + "a".repeat(20_000)
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(reply).startsWith("HTTP/1.1 431").contains("application/json")
                    .contains("{\"success\":false,\"error\":{\"code\":\"REQUEST_TOO_LARGE\"");
        }
    }

    @Test
    void login_answers_a_token_and_the_same_refusal_for_unknown_email_and_wrong_password() {
        String email = uniqueEmail();
        api.register(email, "password123", "someone");
        var ok = api.post("/login", ApiClient.json("email", email.toUpperCase(), "password", "password123"), null);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("success").asBoolean()).isTrue();
        assertThat(ok.json().get("token").asText()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
        assertThat(ok.json().size()).isEqualTo(2);

        var wrong = api.post("/login", ApiClient.json("email", email, "password", "password124"), null);
        var unknown = api.post("/login", ApiClient.json("email", uniqueEmail(), "password", "password123"), null);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(refusal(wrong)).as("the same refusal; only the request's own id differs").isEqualTo(refusal(unknown));
        assertThat(api.post("/login", ApiClient.json("email", email), null).status()).isEqualTo(400);
    }

    private static JsonNode refusal(ApiClient.Reply reply) {
        ObjectNode error = reply.json().get("error").deepCopy();
        assertThat(error.remove("error_id").asText()).isEqualTo(reply.header("X-Request-Id"));
        return error;
    }

    @Test
    void host_endpoints_refuse_missing_forged_and_unsigned_tokens() {
        String token = signedUp("tokens");
        String[] payload = token.split("\\.");
        String unsigned = b64("{\"alg\":\"none\"}") + "." + payload[1] + ".";
        String foreign = Jwts.builder().subject("1").issuer("nestbox").expiration(Date.from(Instant.now().plusSeconds(600)))
                .signWith(Keys.hmacShaKeyFor("another-secret-another-secret-another!".getBytes(StandardCharsets.UTF_8)))
                .compact();
        String tampered = payload[0] + "." + b64("{\"sub\":\"1\",\"iss\":\"nestbox\",\"exp\":9999999999}") + "." + payload[2];
        for (String bad : new String[]{null, "", "garbage", unsigned, foreign, tampered}) {
            var reply = api.get("/host", bad);
            assertThat(reply.status()).as(String.valueOf(bad)).isEqualTo(401);
            assertThat(reply.errorCode()).isEqualTo("UNAUTHORIZED");
        }
        assertThat(api.post("/host", "", null).status()).isEqualTo(401);
        assertThat(api.delete("/host", null).status()).isEqualTo(401);
    }

    @Test
    void a_token_in_the_query_string_does_not_authenticate_only_the_header_does() {
        String token = signedUp("querytoken");
        for (String path : new String[]{"/host?access_token=" + token, "/host?access_token=Bearer%20" + token}) {
            var reply = api.get(path, null);
            assertThat(reply.status()).as(path).isEqualTo(401);
            assertThat(reply.errorCode()).isEqualTo("UNAUTHORIZED");
        }
        assertThat(api.post("/host?access_token=" + token, "", null).status()).isEqualTo(401);
        assertThat(api.delete("/host?access_token=" + token, null).status()).isEqualTo(401);
        // The header still works, whatever the query says: 404 is "signed in, no hosting yet".
        assertThat(api.get("/host", token).errorCode()).isEqualTo("NOT_FOUND");
        assertThat(api.get("/host?access_token=garbage", token).errorCode()).isEqualTo("NOT_FOUND");
        assertThat(api.send(api.builder("/host", null).header("Authorization", "bearer " + token).GET())
                .errorCode()).isEqualTo("NOT_FOUND");
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void the_hosting_lifecycle_follows_the_contract() {
        String token = signedUp("Alice Example");
        assertThat(api.get("/host", token).status()).isEqualTo(404);
        assertThat(api.get("/host", token).errorCode()).isEqualTo("NOT_FOUND");

        var created = api.post("/host", "", token);
        assertThat(created.status()).isEqualTo(201);
        JsonNode data = created.json().get("data");
        assertThat(created.json().get("success").asBoolean()).isTrue();
        assertThat(data.get("vm_id").asText()).isEqualTo("alice-example");
        assertThat(data.get("web_url").asText()).isEqualTo("https://sites.test/alice-example/");
        int port = data.get("ssh_port").asInt();
        assertThat(port).isBetween(20000, 29999);
        assertThat(data.get("ssh_command").asText()).isEqualTo("ssh -p " + port + " web@ssh.test");
        assertThat(data.get("ssh_private_key").asText()).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");

        var shown = api.get("/host", token);
        assertThat(shown.status()).isEqualTo(200);
        JsonNode details = shown.json().get("data");
        assertThat(details.get("vm_id").asText()).isEqualTo("alice-example");
        assertThat(details.get("status").asText()).isEqualTo("provisioning");
        assertThat(details.get("web_url").asText()).isEqualTo("https://sites.test/alice-example/");
        assertThat(details.get("ssh_port").asInt()).isEqualTo(port);
        assertThat(details.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(details.get("vm_ip").asText()).startsWith("10.88.0.");
        assertThat(details.has("ssh_private_key")).isFalse();

        var again = api.post("/host", "", token);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("HOSTING_EXISTS");

        var deleted = api.delete("/host", token);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().toString())
                .isEqualTo("{\"success\":true,\"message\":\"Hosting deleted successfully\"}");
        assertThat(api.get("/host", token).status()).isEqualTo(404);
        assertThat(api.delete("/host", token).status()).isEqualTo(404);
        assertThat(api.post("/host", "", token).status()).isEqualTo(201);
    }

    @Test
    void a_public_key_is_checked_and_kept_instead_of_a_generated_one() {
        String token = signedUp("keyholder");
        var bad = api.post("/host", ApiClient.json("ssh_public_key", "ssh-ed25519 AAAAnotakey"), token);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("error").path("field").asText()).isEqualTo("ssh_public_key");
        String key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILaqyy7y9JqYhQ4ODs+uCWTO8sH5KJ9Jx4oDMCMWseaC test@example";
        var created = api.post("/host", ApiClient.json("ssh_public_key", key), token);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("data").has("ssh_private_key")).isFalse();
    }

    @Test
    void twenty_simultaneous_requests_of_one_user_create_exactly_one_hosting() throws Exception {
        String token = signedUp("racer");
        List<Integer> statuses = race(20, i -> api.post("/host", "", token).status());
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(19);
    }

    @Test
    void users_with_the_same_name_never_share_a_site_name_or_port() throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            tokens.add(signedUp("Twin"));
        }
        List<JsonNode> created = race(tokens.size(), i -> api.post("/host", "", tokens.get(i)).json().get("data"));
        Set<String> sites = new HashSet<>();
        Set<Integer> ports = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            sites.add(created.get(i).get("vm_id").asText());
            ports.add(created.get(i).get("ssh_port").asInt());
            addresses.add(api.get("/host", tokens.get(i)).json().get("data").get("vm_ip").asText());
        }
        assertThat(sites).hasSize(6).allMatch(s -> s.equals("twin") || s.matches("twin-\\d+"));
        assertThat(ports).hasSize(6);
        assertThat(addresses).hasSize(6);
    }

    @Test
    void the_dashboard_does_not_shadow_the_api() {
        assertThat(api.get("/host", null).status()).isEqualTo(401);
        assertThat(api.get("/login", null).status()).isEqualTo(405);
    }

    @Test
    void the_database_has_a_health_check_on_the_admin_port() {
        var health = new ApiClient(APP.getAdminPort()).get("/healthcheck", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("postgresql").path("healthy").asBoolean()).isTrue();
        assertThat(health.json().path("reverse-proxy").path("healthy").asBoolean()).isTrue();
    }

    private static <T> List<T> race(int n, java.util.function.IntFunction<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.apply(index);
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
