package dev.nestbox.adapters.postgres;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.migrations.CloseableLiquibase;
import io.dropwizard.migrations.CloseableLiquibaseWithClassPathMigrationsFile;
import liquibase.Contexts;
import liquibase.LabelExpression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationsTest {
    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();

    @Test
    void the_changelog_is_where_dropwizard_migrations_looks_by_default() {
        assertThat(getClass().getClassLoader().getResource(PostgresStore.CHANGELOG)).isNotNull();
        assertThat(PostgresStore.CHANGELOG).isEqualTo("migrations.xml");
    }

    @Test
    void migrating_again_changes_nothing() {
        PostgresStore.migrate(DATABASE.jdbi());
        PostgresStore.migrate(DATABASE.jdbi());

        assertThat(DATABASE.selectOne("SELECT count(*) FROM databasechangelog", Integer.class)).isEqualTo(5);
    }

    @Test
    void dropwizards_db_migrate_sees_the_same_changelog_which_rolls_back_and_migrates_again() throws Exception {
        DataSourceFactory factory = new DataSourceFactory();
        factory.setDriverClass("org.postgresql.Driver");
        factory.setUrl(DATABASE.url());
        factory.setUser(DATABASE.user());
        factory.setPassword(DATABASE.password());
        ManagedDataSource dataSource = factory.build(new MetricRegistry(), "migrations-test");

        // What `db migrate` builds: were the recorded file names to differ, it would re-run every changeset.
        try (CloseableLiquibase liquibase = new CloseableLiquibaseWithClassPathMigrationsFile(dataSource, "migrations.xml")) {
            assertThat(liquibase.listUnrunChangeSets(new Contexts(), new LabelExpression())).isEmpty();

            liquibase.rollback(5, "");
            assertThat(DATABASE.selectOne("SELECT count(*) FROM pg_tables WHERE tablename IN ('users', 'hosting',"
                    + " 'machine_healing')", Integer.class)).isZero();
        }
        PostgresStore.migrate(DATABASE.jdbi());
        assertThat(DATABASE.selectOne("SELECT count(*) FROM pg_tables WHERE tablename IN ('users', 'hosting',"
                + " 'machine_healing')", Integer.class)).isEqualTo(3);
    }

    @Test
    void hostings_made_before_plans_read_as_the_micro_plan_at_the_shipped_size() {
        DATABASE.jdbi().useHandle(h -> {
            h.execute("INSERT INTO users (email, password_hash, username) VALUES ('old@example.com', 'x', 'old')");
            h.execute("INSERT INTO hosting (user_id, vm_id, vm_ip, ssh_port, status, provisioning_step, memory_mib,"
                    + " ssh_public_key) SELECT id, 'old', '10.88.0.9', 20009, 'running', 'done', 128, 'k' FROM users"
                    + " WHERE email = 'old@example.com'");
        });
        try {
            assertThat(DATABASE.selectOne("SELECT plan || ' ' || image || ' ' || vcpus || ' ' || disk_mib FROM hosting"
                    + " WHERE vm_id = 'old'", String.class)).isEqualTo("micro micro 1 1024");
        } finally {
            DATABASE.jdbi().useHandle(h -> {
                h.execute("DELETE FROM hosting WHERE vm_id = 'old'");
                h.execute("DELETE FROM users WHERE email = 'old@example.com'");
            });
        }
    }

    @Test
    void users_has_the_contract_columns() {
        assertThat(columns("users")).containsExactly(
                "id integer NO", "email character varying(255) NO", "password_hash character varying(255) NO",
                "username character varying(100) NO", "created_at timestamp with time zone NO");
    }

    @Test
    void hosting_has_the_contract_columns_and_what_provisioning_needs() {
        assertThat(columns("hosting")).containsExactly(
                "id integer NO", "user_id integer YES", "vm_id character varying(100) NO",
                "vm_ip character varying(15) NO", "ssh_port integer NO", "status character varying(50) NO",
                "provisioning_step character varying(32) NO", "memory_mib integer NO", "ssh_public_key text NO",
                "failure_reason text YES", "created_at timestamp with time zone NO",
                "updated_at timestamp with time zone NO", "ready_at timestamp with time zone YES",
                "plan character varying(32) NO", "image character varying(32) NO", "vcpus integer NO",
                "disk_mib integer NO", "machine character varying(100) YES");
    }

    @Test
    void the_constraints_the_adapter_maps_by_name_exist_as_unique_indexes() {
        List<String> unique = DATABASE.jdbi().withHandle(h -> h.createQuery(
                        "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'"
                                + " AND indexdef LIKE 'CREATE UNIQUE INDEX%'")
                .mapTo(String.class).list());

        assertThat(unique).contains(Constraints.USERS_EMAIL, Constraints.USERS_EMAIL_LOWER,
                Constraints.HOSTING_USER_ID, Constraints.HOSTING_VM_ID, Constraints.HOSTING_VM_IP,
                Constraints.HOSTING_SSH_PORT);
    }

    @Test
    void deleting_a_user_deletes_their_hosting() {
        PostgresStore store = new PostgresStore(DATABASE.jdbi());
        var user = Fixtures.addUser(store.users(), 1);
        store.hostings().create(Fixtures.newHosting(user.id(), 1));

        DATABASE.jdbi().useHandle(h -> h.execute("DELETE FROM users WHERE id = ?", user.id().value()));

        assertThat(store.hostings().byOwner(user.id())).isEmpty();
    }

    private static List<String> columns(String table) {
        return DATABASE.jdbi().withHandle(h -> h.createQuery(
                        "SELECT column_name || ' ' || data_type"
                                + " || coalesce('(' || character_maximum_length || ')', '') || ' ' || is_nullable"
                                + " FROM information_schema.columns WHERE table_schema = 'public' AND table_name = :table"
                                + " ORDER BY ordinal_position")
                .bind("table", table)
                .mapTo(String.class).list());
    }
}
