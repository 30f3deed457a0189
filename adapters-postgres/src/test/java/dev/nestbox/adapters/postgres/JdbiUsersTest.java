package dev.nestbox.adapters.postgres;

import dev.nestbox.application.port.out.Users;
import dev.nestbox.domain.user.Email;
import dev.nestbox.domain.user.NewUser;
import dev.nestbox.domain.user.User;
import dev.nestbox.domain.user.UserId;
import dev.nestbox.domain.user.Username;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class JdbiUsersTest {
    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();

    private Users users;

    @BeforeEach
    void emptyDatabase() {
        DATABASE.truncate();
        users = new PostgresStore(DATABASE.jdbi()).users();
    }

    @Test
    void an_added_user_is_found_by_email_and_by_id() {
        NewUser alice = new NewUser(Email.of("alice@example.org"), Username.of("Alice Ørsted"), "$2a$12$abc",
                Instant.parse("2026-01-02T03:04:05.678901Z"));

        Users.Addition addition = users.add(alice);

        assertThat(addition).isInstanceOf(Users.Addition.Added.class);
        User added = ((Users.Addition.Added) addition).user();
        assertThat(added.email()).isEqualTo(alice.email());
        assertThat(added.username()).isEqualTo(alice.username());
        assertThat(added.passwordHash()).isEqualTo("$2a$12$abc");
        assertThat(added.createdAt()).isEqualTo(alice.createdAt());
        assertThat(users.byEmail(Email.of("alice@example.org"))).contains(added);
        assertThat(users.byId(added.id())).contains(added);
    }

    @Test
    void each_user_gets_its_own_id() {
        User first = Fixtures.addUser(users, 1);
        User second = Fixtures.addUser(users, 2);

        assertThat(first.id()).isNotEqualTo(second.id());
        assertThat(users.byId(second.id())).contains(second);
    }

    @Test
    void unknown_users_are_not_found() {
        Fixtures.addUser(users, 1);

        assertThat(users.byEmail(Email.of("nobody@example.org"))).isEmpty();
        assertThat(users.byId(new UserId(999_999))).isEmpty();
    }

    @Test
    void a_second_user_with_the_same_email_is_refused_and_not_stored() {
        User first = Fixtures.addUser(users, 1);

        Users.Addition again = users.add(new NewUser(first.email(), Username.of("Someone Else"), "$2a$12$other",
                Fixtures.T0));

        assertThat(again).isEqualTo(new Users.Addition.EmailTaken());
        assertThat(users.byEmail(first.email())).contains(first);
        assertThat(DATABASE.selectOne("SELECT count(*) FROM users", Integer.class))
                .isEqualTo(1);
    }

    @Test
    void emails_are_unique_whatever_their_case() {
        // Email always lower-cases, so only a row written by another tool can differ in case.
        DATABASE.jdbi().useHandle(h -> h.execute(
                "INSERT INTO users (email, password_hash, username) VALUES ('Bob@Example.ORG', 'x', 'Bob')"));

        assertThat(users.add(new NewUser(Email.of("bob@example.org"), Username.of("bob"), "$2a$12$y", Fixtures.T0)))
                .isEqualTo(new Users.Addition.EmailTaken());
        assertThat(users.byEmail(Email.of("BOB@example.org"))).map(u -> u.username().value()).contains("Bob");
    }
}
