package dev.nestbox.bootstrap;

import dev.nestbox.adapters.postgres.PostgresUnavailable;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PostgreSQL down at start is the one outage the server does not ride out: it cannot migrate, so it stops at once
 * with a message naming the database, and its supervisor (systemd, scripts/supervise) starts it again.
 */
class DatabaseDownAtStartTest {
    @Test
    void the_server_refuses_to_start_at_once_naming_the_database() throws IOException {
        Path data = Files.createTempDirectory("nestbox-nodb-");
        int closed = TestNginx.freePort();
        DropwizardTestSupport<NestboxConfiguration> app = new DropwizardTestSupport<>(NestboxApplication.class,
                ResourceHelpers.resourceFilePath("test-config.yml"),
                ConfigOverride.config("database.url", "jdbc:postgresql://127.0.0.1:" + closed + "/nestbox"),
                ConfigOverride.config("migrateOnStart", "true"),
                ConfigOverride.config("dataDir", data.toString()),
                ConfigOverride.config("proxy.nginxDir", data.resolve("nginx").toString()));
        long started = System.nanoTime();

        try {
            assertThatThrownBy(app::before)
                    .hasRootCauseInstanceOf(java.net.ConnectException.class)
                    .satisfies(e -> assertThat(causeOfType(e, PostgresUnavailable.class))
                            .hasMessageContaining("could not reach the database"));
        } finally {
            app.after();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    }

    private static Throwable causeOfType(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + e);
    }
}
