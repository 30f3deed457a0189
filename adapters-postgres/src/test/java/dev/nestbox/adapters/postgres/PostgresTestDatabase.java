package dev.nestbox.adapters.postgres;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A throw-away PostgreSQL database with Nestbox's schema, on the real server: created under a unique name,
 * migrated with migrations.xml, dropped afterwards even when tests fail.
 *
 * <p>As a JUnit 5 extension, one database per test class:
 * <pre>
 * &#64;RegisterExtension
 * static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();
 * </pre>
 * or by hand with {@link #start()} and {@link #close()}. The server is 127.0.0.1:5432 as user {@code postgres}
 * unless NESTBOX_TEST_PG_HOST, NESTBOX_TEST_PG_PORT, NESTBOX_TEST_PG_USER (and NESTBOX_TEST_PG_PASSWORD) say
 * otherwise. Leftovers of killed runs are named {@code nestbox_test_*}.
 */
public final class PostgresTestDatabase implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String host = setting("NESTBOX_TEST_PG_HOST", "127.0.0.1");
    private final String port = setting("NESTBOX_TEST_PG_PORT", "5432");
    private final String user = setting("NESTBOX_TEST_PG_USER", "postgres");
    private final String password = setting("NESTBOX_TEST_PG_PASSWORD", "");
    private final String name = "nestbox_test_" + HexFormat.of().formatHex(RANDOM.generateSeed(6));
    private Optional<Jdbi> jdbi = Optional.empty();

    /** Creates and migrates the database. */
    public PostgresTestDatabase start() {
        if (jdbi.isPresent()) {
            return this;
        }
        admin("CREATE DATABASE " + name);
        try {
            Jdbi created = Jdbi.create(url(), user, password);
            PostgresStore.migrate(created);
            jdbi = Optional.of(created);
        } catch (RuntimeException e) {
            drop();
            throw e;
        }
        return this;
    }

    /** Drops the database, closing whatever connections tests left open. */
    @Override
    public void close() {
        jdbi = Optional.empty();
        drop();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    public Jdbi jdbi() {
        return jdbi.orElseThrow(() -> new IllegalStateException("the test database is not started"));
    }

    /** Empties every table and restarts ids, for tests that want a clean slate without a new database. */
    public void truncate() {
        jdbi().useHandle(handle -> handle.execute("TRUNCATE hosting, users, machine_healing RESTART IDENTITY CASCADE"));
    }

    /** The single value {@code sql} selects, for tests that look under the adapter. */
    public <T> T selectOne(String sql, Class<T> type) {
        return jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(type).one());
    }

    public String url() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String name() {
        return name;
    }

    private void drop() {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void admin(String sql) {
        String adminUrl = "jdbc:postgresql://" + host + ":" + port + "/postgres";
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test PostgreSQL at " + adminUrl + " refused: " + sql, e);
        }
    }

    private static String setting(String variable, String fallback) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? fallback : value;
    }
}
