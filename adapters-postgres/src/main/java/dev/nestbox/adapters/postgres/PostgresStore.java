package dev.nestbox.adapters.postgres;

import dev.nestbox.application.port.out.Hostings;
import dev.nestbox.application.port.out.Users;
import org.jdbi.v3.core.Jdbi;

import java.util.Objects;

/**
 * The PostgreSQL adapter's entry: users and hostings kept in one database reached through {@code jdbi}.
 * Every failure of the database surfaces as {@link PostgresUnavailable}.
 */
public final class PostgresStore {
    /** The Liquibase changelog on the classpath; dropwizard-migrations' default name. */
    public static final String CHANGELOG = "migrations.xml";

    private final Users users;
    private final Hostings hostings;

    public PostgresStore(Jdbi jdbi) {
        Database database = new Database(Objects.requireNonNull(jdbi, "jdbi"));
        this.users = new JdbiUsers(database);
        this.hostings = new JdbiHostings(database);
    }

    /** Applies the changelog's pending changesets, for starts and tests that do not go through {@code db migrate}. */
    public static void migrate(Jdbi jdbi) {
        Migrations.apply(Objects.requireNonNull(jdbi, "jdbi"), CHANGELOG);
    }

    public Users users() {
        return users;
    }

    public Hostings hostings() {
        return hostings;
    }
}
