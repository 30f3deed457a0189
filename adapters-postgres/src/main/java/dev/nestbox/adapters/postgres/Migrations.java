package dev.nestbox.adapters.postgres;

import liquibase.Scope;
import liquibase.changelog.FastCheckService;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

import java.sql.Connection;
import java.util.Map;

/** Brings a database up to migrations.xml with Liquibase, outside of Dropwizard's {@code db migrate} command. */
final class Migrations {
    private Migrations() {
    }

    static void apply(Jdbi jdbi, String changelog) {
        try (Handle handle = jdbi.open()) {
            Connection connection = handle.getConnection();
            try {
                // Liquibase remembers for the life of the JVM that a URL was up to date; a database recreated or
                // rolled back under the same URL would then be left unmigrated.
                Scope.getCurrentScope().getSingleton(FastCheckService.class).clearCache();
                Database database = DatabaseFactory.getInstance()
                        .findCorrectDatabaseImplementation(new JdbcConnection(connection));
                Scope.child(Map.of(
                        Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor(Migrations.class.getClassLoader()),
                        // Liquibase would otherwise try to phone home for its usage statistics.
                        "liquibase.analytics.enabled", false), () -> new CommandScope(UpdateCommandStep.COMMAND_NAME)
                        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                        .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, changelog)
                        .execute());
            } finally {
                // Liquibase turns auto-commit off and commits itself; hand the connection back as JDBI expects it.
                connection.setAutoCommit(true);
            }
        } catch (JdbiException e) {
            throw new PostgresUnavailable("could not reach the database to migrate it", e);
        } catch (Exception e) {
            throw new PostgresUnavailable("could not migrate the database with " + changelog + ": " + e.getMessage(), e);
        }
    }
}
