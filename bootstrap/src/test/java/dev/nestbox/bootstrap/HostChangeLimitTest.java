package dev.nestbox.bootstrap;

import dev.nestbox.adapters.postgres.PostgresTestDatabase;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST and DELETE /host are limited per account and hour and for all accounts together per minute, so create/
 * delete loops cannot churn the provisioning queue. The global budget is shared by the tests, hence the order.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostChangeLimitTest {
    private static final int PER_ACCOUNT = 3;
    private static final int GLOBAL = 6;
    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();
    static final DropwizardAppExtension<NestboxConfiguration> APP = TestApps.app(DATABASE,
            ConfigOverride.config("api.hostChangesPerAccountPerHour", String.valueOf(PER_ACCOUNT)),
            ConfigOverride.config("api.hostChangesPerMinute", String.valueOf(GLOBAL)));
    private static TestNginx nginx;
    private final ApiClient api = new ApiClient(APP.getLocalPort());

    @BeforeAll
    static void startNginx() {
        // Deleting a hosting removes its route from the reverse proxy.
        nginx = TestNginx.start(APP.getConfiguration());
    }

    @AfterAll
    static void stopNginx() {
        if (nginx != null) {
            nginx.close();
        }
    }

    private String signedUp() {
        String email = "user-" + UUID.randomUUID() + "@example.com";
        api.register(email, "correct horse battery", "churner");
        return api.login(email, "correct horse battery");
    }

    @Test
    @Order(1)
    void one_account_may_create_and_delete_only_so_often_per_hour() {
        String token = signedUp();
        for (int i = 0; i < PER_ACCOUNT; i++) {
            assertThat(api.post("/host", "", token).status()).as("create %d", i + 1).isEqualTo(201);
            assertThat(api.delete("/host", token).status()).as("delete %d", i + 1).isEqualTo(200);
        }
        var create = api.post("/host", "", token);
        assertRateLimited(create);
        assertThat(Long.parseLong(create.header("Retry-After"))).as("a token per 20 minutes")
                .isBetween(60L, 20 * 60L);
        assertThat(create.json().path("error").path("message").asText()).contains("minutes");
        assertRateLimited(api.delete("/host", token));

        // Reading is not limited, and other accounts are not affected.
        assertThat(api.get("/host", token).status()).isEqualTo(404);
        String other = signedUp();
        assertThat(api.post("/host", "", other).status()).isEqualTo(201);
    }

    @Test
    @Order(2)
    void all_accounts_together_may_create_only_so_many_per_minute() {
        // Test 1 used PER_ACCOUNT + 1 creations of the shared budget; use up the rest with fresh accounts.
        int created = PER_ACCOUNT + 1;
        ApiClient.Reply reply = null;
        for (int i = 0; i < GLOBAL + 1 && (reply == null || reply.status() == 201); i++) {
            reply = api.post("/host", "", signedUp());
            if (reply.status() == 201) {
                created++;
            }
        }
        assertThat(created).as("creations allowed before the global limit").isEqualTo(GLOBAL);
        assertRateLimited(reply);
        assertThat(Long.parseLong(reply.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(reply.json().path("error").path("message").asText()).contains("right now");
    }

    @Test
    @Order(3)
    void unauthenticated_requests_use_up_no_budget() {
        for (int i = 0; i < 20; i++) {
            assertThat(api.delete("/host", "garbage").status()).isEqualTo(401);
        }
        // DELETEs have their own budget, untouched by the 401s above: a fresh account may still delete.
        String token = signedUp();
        assertThat(api.delete("/host", token).status()).isEqualTo(404);
    }

    private static void assertRateLimited(ApiClient.Reply reply) {
        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.errorCode()).isEqualTo("RATE_LIMITED");
        assertThat(reply.json().get("success").asBoolean()).isFalse();
        assertThat(reply.header("Retry-After")).matches("\\d+");
    }
}
