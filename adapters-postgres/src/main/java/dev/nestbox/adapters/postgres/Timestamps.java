package dev.nestbox.adapters.postgres;

import org.jdbi.v3.core.argument.Argument;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Instants to and from timestamptz columns, always as UTC offsets, so neither the JVM's nor the session's
 * time zone can shift them. PostgreSQL keeps microseconds; truncating here (rather than letting the server
 * round) means what is read back is exactly {@code instant.truncatedTo(MICROS)}.
 */
final class Timestamps {
    private Timestamps() {
    }

    static Argument utc(Instant instant) {
        OffsetDateTime value = OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
        return (position, statement, context) -> statement.setObject(position, value);
    }

    static Argument utc(Optional<Instant> instant) {
        if (instant.isPresent()) {
            return utc(instant.get());
        }
        return (position, statement, context) -> statement.setNull(position, Types.TIMESTAMP_WITH_TIMEZONE);
    }

    static Instant read(ResultSet row, String column) throws SQLException {
        return readOptional(row, column)
                .orElseThrow(() -> new SQLException("column " + column + " is unexpectedly null"));
    }

    static Optional<Instant> readOptional(ResultSet row, String column) throws SQLException {
        return Optional.ofNullable(row.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }
}
