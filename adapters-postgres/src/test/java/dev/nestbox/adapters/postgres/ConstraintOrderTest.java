package dev.nestbox.adapters.postgres;

import dev.nestbox.application.port.out.Hostings;
import dev.nestbox.application.port.out.Hostings.Creation;
import dev.nestbox.domain.hosting.NewHosting;
import dev.nestbox.domain.user.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL reports the first unique index a row trips over, in an order that is its own business. Here the
 * owner's constraint is re-created so it is checked last: an owner who already has a hosting must still hear
 * that, not that the port is taken.
 */
class ConstraintOrderTest {
    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();

    @Test
    void an_owner_who_has_one_hears_so_whichever_constraint_postgres_reports() {
        DATABASE.jdbi().useHandle(h -> h.execute("ALTER TABLE hosting DROP CONSTRAINT " + Constraints.HOSTING_USER_ID
                + ", ADD CONSTRAINT " + Constraints.HOSTING_USER_ID + " UNIQUE (user_id)"));
        PostgresStore store = new PostgresStore(DATABASE.jdbi());
        Hostings hostings = store.hostings();
        User alice = Fixtures.addUser(store.users(), 1);
        hostings.create(Fixtures.newHosting(alice.id(), 1));
        NewHosting again = Fixtures.newHosting(alice.id(), 1);

        assertThat(hostings.create(again)).isEqualTo(new Creation.OwnerHasOne());
    }
}
