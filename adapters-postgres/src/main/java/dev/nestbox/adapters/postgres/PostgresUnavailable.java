package dev.nestbox.adapters.postgres;

import dev.nestbox.application.port.out.DependencyFailure;

/**
 * The database could not do what was asked: unreachable, refused the connection, or failed the statement.
 * The one exception of this adapter; the edges answer it with "try again later".
 */
public final class PostgresUnavailable extends DependencyFailure {
    PostgresUnavailable(String message, Throwable cause) {
        super("database", message, cause);
    }
}
