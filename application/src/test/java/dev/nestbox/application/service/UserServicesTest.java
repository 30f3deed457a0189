package dev.nestbox.application.service;

import dev.nestbox.application.fakes.FakeClock;
import dev.nestbox.application.fakes.FakeHasher;
import dev.nestbox.application.fakes.FakeTokens;
import dev.nestbox.application.fakes.InMemoryUsers;
import dev.nestbox.application.port.in.LogInCommand;
import dev.nestbox.application.port.in.LoginOutcome;
import dev.nestbox.application.port.in.RegisterUserCommand;
import dev.nestbox.application.port.in.RegistrationOutcome;
import dev.nestbox.domain.InvalidValueException;
import dev.nestbox.domain.user.Email;
import dev.nestbox.domain.user.UserId;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Registering, logging in and authenticating, against in-memory users. */
class UserServicesTest {
    private final FakeClock clock = new FakeClock();
    private final InMemoryUsers users = new InMemoryUsers();
    private final FakeHasher hasher = new FakeHasher();
    private final FakeTokens tokens = new FakeTokens();
    private final RegisterUserService register = new RegisterUserService(users, hasher, clock);
    private final LogInService logIn = new LogInService(users, hasher, tokens, clock);
    private final AuthenticateService authenticate = new AuthenticateService(tokens, users, clock);

    private UserId registered(String email, String password) {
        var outcome = register.register(RegisterUserCommand.of(email, password, "Alice"));
        assertThat(outcome).isInstanceOf(RegistrationOutcome.Registered.class);
        return ((RegistrationOutcome.Registered) outcome).user();
    }

    @Nested
    class Register {
        @Test
        void stores_the_user_with_a_hash_never_the_password() {
            UserId id = registered("  Alice@Example.COM ", "correct horse");

            var stored = users.byId(id).orElseThrow();
            assertThat(stored.email()).isEqualTo(Email.of("alice@example.com"));
            assertThat(stored.username().value()).isEqualTo("Alice");
            assertThat(stored.passwordHash()).isEqualTo("hashed:correct horse");
            assertThat(stored.createdAt()).isEqualTo(clock.now());
        }

        @Test
        void a_taken_email_is_refused_whatever_its_case() {
            registered("alice@example.com", "correct horse");

            var again = register.register(RegisterUserCommand.of("ALICE@example.com", "another password", "Alice 2"));

            assertThat(again).isEqualTo(new RegistrationOutcome.EmailTaken());
            assertThat(users.size()).isEqualTo(1);
        }

        @Test
        void the_command_names_the_first_bad_field() {
            assertThatThrownBy(() -> RegisterUserCommand.of("not-an-email", "correct horse", "Alice"))
                    .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("email"));
            assertThatThrownBy(() -> RegisterUserCommand.of("a@example.com", "short", "Alice"))
                    .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("password"));
            assertThatThrownBy(() -> RegisterUserCommand.of("a@example.com", "long enough", " "))
                    .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("username"));
        }
    }

    @Nested
    class LogIn {
        @Test
        void the_right_password_gives_a_token_for_the_user() {
            UserId id = registered("alice@example.com", "correct horse");

            var outcome = logIn.logIn(new LogInCommand(" Alice@Example.com", "correct horse"));

            assertThat(outcome).isInstanceOf(LoginOutcome.LoggedIn.class);
            var loggedIn = (LoginOutcome.LoggedIn) outcome;
            assertThat(loggedIn.expiresAt()).isEqualTo(clock.now().plus(FakeTokens.LIFETIME));
            assertThat(authenticate.authenticate(loggedIn.token())).contains(id);
        }

        @Test
        void a_wrong_password_is_bad_credentials_after_one_comparison() {
            registered("alice@example.com", "correct horse");

            var outcome = logIn.logIn(new LogInCommand("alice@example.com", "wrong horse"));

            assertThat(outcome).isEqualTo(new LoginOutcome.BadCredentials());
            assertThat(hasher.comparedAgainst()).containsExactly("hashed:correct horse");
        }

        @ParameterizedTest(name = "{0} / {1}")
        @CsvSource({
                "bob@example.com, correct horse",   // unknown e-mail
                "not an email, correct horse",      // malformed e-mail
                "alice@example.com, short",         // a password no one could have registered
        })
        void anything_else_is_the_same_bad_credentials_after_one_comparison_with_the_decoy(String email, String password) {
            registered("alice@example.com", "correct horse");
            int hashesBefore = hasher.hashes();

            var outcome = logIn.logIn(new LogInCommand(email, password));

            assertThat(outcome).isEqualTo(new LoginOutcome.BadCredentials());
            // One comparison either way, so timing does not tell an unknown e-mail from a wrong password.
            assertThat(hasher.comparedAgainst()).hasSize(1);
            assertThat(hasher.hashes()).isEqualTo(hashesBefore);
            if (!email.startsWith("alice")) {
                assertThat(hasher.comparedAgainst()).containsExactly(FakeHasher.DECOY);
            }
        }

        @Test
        void the_command_requires_both_fields() {
            assertThatThrownBy(() -> new LogInCommand(" ", "x")).isInstanceOf(InvalidValueException.class);
            assertThatThrownBy(() -> new LogInCommand("a@b.co", "")).isInstanceOf(InvalidValueException.class);
            assertThatThrownBy(() -> new LogInCommand(null, "x")).isInstanceOf(InvalidValueException.class);
            assertThat(new LogInCommand("a@b.co", "secret").toString()).doesNotContain("secret");
        }
    }

    @Nested
    class Authenticate {
        @Test
        void a_deleted_users_token_speaks_for_no_one() {
            UserId id = registered("alice@example.com", "correct horse");
            String token = tokens.issue(id, clock.now()).token();
            assertThat(authenticate.authenticate(token)).contains(id);

            users.delete(id);

            assertThat(authenticate.authenticate(token)).isEmpty();
            // Reading the token alone asks no one: the use case that takes it refuses the user in its own query.
            assertThat(authenticate.read(token)).contains(id);
        }

        @Test
        void blank_foreign_and_expired_tokens_are_rejected() {
            UserId id = registered("alice@example.com", "correct horse");
            String token = tokens.issue(id, clock.now()).token();

            assertThat(authenticate.authenticate(null)).isEmpty();
            assertThat(authenticate.authenticate("  ")).isEmpty();
            assertThat(authenticate.authenticate("forged")).isEmpty();
            clock.advance(FakeTokens.LIFETIME.plus(Duration.ofSeconds(1)));
            assertThat(authenticate.authenticate(token)).isEmpty();
            assertThat(authenticate.read(token)).isEmpty();
            assertThat(authenticate.read(null)).isEmpty();
            assertThat(authenticate.read("forged")).isEmpty();
        }
    }
}
