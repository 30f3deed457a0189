package dev.nestbox.adapters.postgres;

import dev.nestbox.application.port.out.DependencyFailure;
import dev.nestbox.application.port.out.Hostings;
import dev.nestbox.application.port.out.Users;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.HostingStatus;
import dev.nestbox.domain.hosting.NewHosting;
import dev.nestbox.domain.hosting.SiteName;
import dev.nestbox.domain.user.Email;
import dev.nestbox.domain.user.UserId;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Nothing listens on port 1, so every call finds the database gone. */
class PostgresUnavailableTest {
    private static final Jdbi NOWHERE = Jdbi.create("jdbc:postgresql://127.0.0.1:1/nestbox?connectTimeout=2", "postgres", "");

    private final PostgresStore store = new PostgresStore(NOWHERE);
    private final Users users = store.users();
    private final Hostings hostings = store.hostings();

    @Test
    void every_call_reports_the_database_as_unavailable() {
        NewHosting request = Fixtures.newHosting(new UserId(1), 1);
        List<Executable> calls = List.of(
                () -> users.add(Fixtures.newUser(1)),
                () -> users.byEmail(Email.of("a@example.org")),
                () -> users.byId(new UserId(1)),
                () -> hostings.create(request),
                () -> hostings.byOwner(new UserId(1)),
                () -> hostings.byId(new HostingId(1)),
                () -> hostings.bySite(SiteName.of("site-1")),
                () -> hostings.all(),
                () -> hostings.inStatus(Set.of(HostingStatus.PENDING)),
                () -> hostings.replace(dev.nestbox.domain.hosting.Hosting.pending(new HostingId(1), request),
                        HostingStatus.PENDING),
                () -> hostings.remove(new HostingId(1)),
                () -> hostings.sshPortsInUse(),
                () -> hostings.addressesInUse(),
                () -> hostings.siteNamesInUse(),
                () -> hostings.usage());

        for (Executable call : calls) {
            assertThatThrownBy(call::execute)
                    .isInstanceOf(PostgresUnavailable.class)
                    .hasMessageStartingWith("could not ")
                    .satisfies(e -> assertThat(((DependencyFailure) e).dependency()).isEqualTo("database"));
        }
    }

    @Test
    void the_bound_arguments_stay_out_of_the_failure() {
        assertThatThrownBy(() -> users.add(Fixtures.newUser(7)))
                .isInstanceOf(PostgresUnavailable.class)
                .hasMessageContaining("add a user")
                .satisfies(e -> assertThat(e.getCause()).isInstanceOf(java.sql.SQLException.class))
                .hasMessageNotContaining("$2a$12$hash7");
    }

    @Test
    void migrating_reports_the_database_as_unavailable() {
        assertThatThrownBy(() -> PostgresStore.migrate(NOWHERE))
                .isInstanceOf(PostgresUnavailable.class)
                .satisfies(e -> assertThat(((DependencyFailure) e).dependency()).isEqualTo("database"));
    }
}
