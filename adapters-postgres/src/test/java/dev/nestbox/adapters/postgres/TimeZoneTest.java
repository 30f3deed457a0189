package dev.nestbox.adapters.postgres;

import dev.nestbox.domain.user.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.TimeZone;

import static org.assertj.core.api.Assertions.assertThat;

/** Instants must not move with the JVM's time zone, which the driver also hands to the session. */
class TimeZoneTest {
    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();

    @Test
    void an_instant_written_in_one_time_zone_is_the_same_instant_read_in_another() {
        TimeZone original = TimeZone.getDefault();
        Instant createdAt = Instant.parse("2026-03-29T01:30:00.5Z"); // inside a European DST change
        User written;
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
            written = Fixtures.addUser(new PostgresStore(DATABASE.jdbi()).users(),
                    1);
            DATABASE.jdbi().useHandle(h -> h.createUpdate("UPDATE users SET created_at = :at WHERE id = :id")
                    .bind("at", Timestamps.utc(createdAt)).bind("id", written.id().value()).execute());

            TimeZone.setDefault(TimeZone.getTimeZone("America/Los_Angeles"));
            assertThat(new PostgresStore(DATABASE.jdbi()).users().byId(written.id()).orElseThrow().createdAt())
                    .isEqualTo(createdAt);

            TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
            assertThat(new PostgresStore(DATABASE.jdbi()).users().byId(written.id()).orElseThrow().createdAt())
                    .isEqualTo(createdAt);
        } finally {
            TimeZone.setDefault(original);
        }
        assertThat(DATABASE.selectOne(
                "SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') FROM users", String.class)).isEqualTo("2026-03-29 01:30:00.500");
    }
}
