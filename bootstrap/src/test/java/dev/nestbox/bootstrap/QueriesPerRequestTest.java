package dev.nestbox.bootstrap;

import dev.nestbox.adapters.postgres.PostgresTestDatabase;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The statements the whole application sends to PostgreSQL per request, counted by a JDBI SqlLogger on the
 * request's thread: GET /host, the API's busiest call, makes exactly one, for an owner, for a user without a
 * hosting and for a user deleted while their token is still valid (who is refused).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class QueriesPerRequestTest {
    private static final String PASSWORD = "correct horse battery";
    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();
    static final DropwizardAppExtension<NestboxConfiguration> APP = TestApps.app(DATABASE);
    private final ApiClient api = new ApiClient(APP.getLocalPort());
    private final StatementLog statements = new StatementLog();
    private SqlLogger previous;

    @BeforeEach
    void watchStatements() {
        Jdbi jdbi = APP.<NestboxApplication>getApplication().jdbi();
        previous = jdbi.getConfig(SqlStatements.class).getSqlLogger();
        statements.delegate = previous;
        jdbi.setSqlLogger(statements);
    }

    @AfterEach
    void restoreLogger() {
        APP.<NestboxApplication>getApplication().jdbi().setSqlLogger(previous);
    }

    @Test
    void get_host_of_an_owner_is_one_query() {
        String token = signedUp();
        assertThat(api.post("/host", "{}", token).status()).isEqualTo(201);

        for (int i = 0; i < 3; i++) {
            statements.clear();
            var reply = api.get("/host", token);

            assertThat(reply.status()).isEqualTo(200);
            assertThat(statements.onGetHost()).as("statements of GET /host").hasSize(1);
        }
    }

    @Test
    void get_host_without_a_hosting_is_one_query() {
        String token = signedUp();

        statements.clear();
        var reply = api.get("/host", token);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(statements.onGetHost()).hasSize(1);
    }

    @Test
    void a_deleted_users_token_is_refused_by_that_same_one_query() {
        String email = uniqueEmail();
        api.register(email, PASSWORD, "gone");
        String token = api.login(email, PASSWORD);
        assertThat(api.post("/host", "{}", token).status()).isEqualTo(201);
        DATABASE.jdbi().useHandle(h -> h.execute("DELETE FROM users WHERE lower(email) = lower(?)", email));

        statements.clear();
        var reply = api.get("/host", token);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.errorCode()).isEqualTo("UNAUTHORIZED");
        assertThat(statements.onGetHost()).hasSize(1);
        // The other endpoints look the user up in the filter: refused there.
        assertThat(api.delete("/host", token).status()).isEqualTo(401);
        assertThat(api.post("/host", "{}", token).status()).isEqualTo(401);
    }

    private String signedUp() {
        String email = uniqueEmail();
        api.register(email, PASSWORD, "user");
        return api.login(email, PASSWORD);
    }

    private static String uniqueEmail() {
        return "user-" + UUID.randomUUID() + "@example.com";
    }

    /** Every statement's SQL with the thread that ran it; Dropwizard names a request's thread after the request. */
    private static final class StatementLog implements SqlLogger {
        private final List<String[]> seen = new CopyOnWriteArrayList<>();
        volatile SqlLogger delegate = SqlLogger.NOP_SQL_LOGGER;

        @Override
        public void logBeforeExecution(StatementContext context) {
            seen.add(new String[]{Thread.currentThread().getName(), context.getRenderedSql()});
            delegate.logBeforeExecution(context);
        }

        @Override
        public void logAfterExecution(StatementContext context) {
            delegate.logAfterExecution(context);
        }

        @Override
        public void logException(StatementContext context, SQLException ex) {
            delegate.logException(context, ex);
        }

        void clear() {
            seen.clear();
        }

        List<String> onGetHost() {
            return seen.stream().filter(s -> s[0].contains("GET /host")).map(s -> s[1]).toList();
        }
    }
}
