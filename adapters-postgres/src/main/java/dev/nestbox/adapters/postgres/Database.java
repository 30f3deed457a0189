package dev.nestbox.adapters.postgres;

import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Function;

/** The adapter's boundary with JDBI: no JDBI or JDBC exception gets past it. */
final class Database {
    private static final String UNIQUE_VIOLATION = "23505";

    private final Jdbi jdbi;

    Database(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Runs {@code work} on a fresh handle; {@code doing} says in the failure what was being attempted. */
    <T> T call(String doing, HandleCallback<T, RuntimeException> work) {
        return write(doing, work, constraint -> Optional.empty());
    }

    /**
     * Like {@link #call}, but a unique violation is first offered to {@code onConflict} with the violated
     * constraint's name: a taken e-mail or port is an answer, not a failure.
     */
    <T> T write(String doing, HandleCallback<T, RuntimeException> work, Function<String, Optional<T>> onConflict) {
        try {
            return jdbi.withHandle(work);
        } catch (JdbiException e) {
            Optional<SQLException> sql = sqlCause(e);
            Optional<String> constraint = sql.flatMap(Database::violatedUniqueConstraint);
            if (constraint.isPresent()) {
                Optional<T> answer = onConflict.apply(constraint.get());
                if (answer.isPresent()) {
                    return answer.get();
                }
            }
            throw unavailable(doing, e, sql);
        }
    }

    /** The adapter's one exception for a JDBI or JDBC failure, without the JDBI message's bound arguments. */
    static PostgresUnavailable unavailable(String doing, RuntimeException e) {
        return unavailable(doing, e, sqlCause(e));
    }

    private static PostgresUnavailable unavailable(String doing, RuntimeException e, Optional<SQLException> sql) {
        // The JDBI exception's message lists the bound arguments (password hashes, keys): keep it out of the
        // log and report the driver's own exception instead.
        if (sql.isPresent()) {
            SQLException cause = sql.get();
            return new PostgresUnavailable("could not " + doing + ": " + cause.getMessage()
                    + " (SQLState " + cause.getSQLState() + ")", cause);
        }
        return new PostgresUnavailable("could not " + doing + ": " + e.getClass().getSimpleName(), e);
    }

    static Optional<SQLException> sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return Optional.of(sql);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> violatedUniqueConstraint(SQLException e) {
        if (!UNIQUE_VIOLATION.equals(e.getSQLState()) || !(e instanceof PSQLException psql)) {
            return Optional.empty();
        }
        ServerErrorMessage message = psql.getServerErrorMessage();
        return message == null ? Optional.empty() : Optional.ofNullable(message.getConstraint());
    }
}
