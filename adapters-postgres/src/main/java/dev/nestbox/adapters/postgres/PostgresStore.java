package dev.nestbox.adapters.postgres;

import dev.nestbox.application.port.out.HealingJournal;
import dev.nestbox.application.port.out.Hostings;
import dev.nestbox.application.port.out.SiteMutex;
import dev.nestbox.application.port.out.Users;
import org.jdbi.v3.core.Jdbi;

import java.time.Duration;
import java.util.Objects;

/**
 * The PostgreSQL adapter's entry: users and hostings kept in one database reached through {@code jdbi}.
 * Every failure of the database surfaces as {@link PostgresUnavailable}.
 */
public final class PostgresStore {
    /** The Liquibase changelog on the classpath; dropwizard-migrations' default name. */
    public static final String CHANGELOG = "migrations.xml";

    private final Jdbi jdbi;
    private final Users users;
    private final Hostings hostings;
    private final HealingJournal healingJournal;

    public PostgresStore(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        Database database = new Database(jdbi);
        this.users = new JdbiUsers(database);
        this.hostings = new JdbiHostings(database);
        this.healingJournal = new JdbiHealingJournal(database);
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

    public HealingJournal healingJournal() {
        return healingJournal;
    }

    /**
     * Per-site exclusion shared with every process on this database. Each held site keeps one connection of
     * {@code jdbi}'s pool in an open transaction, so at most {@code maxHeld} sites are held at once by this
     * process (the rest wait in line), and the pool must keep room besides them for the work done under the locks
     * and for every other request. A site busy elsewhere for longer than {@code longestWait} is a failure.
     */
    public SiteMutex siteMutex(int maxHeld, Duration longestWait) {
        return new PostgresSiteMutex(jdbi, maxHeld, Objects.requireNonNull(longestWait, "longestWait"));
    }
}
