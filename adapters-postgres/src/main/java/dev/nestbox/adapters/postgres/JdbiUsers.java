package dev.nestbox.adapters.postgres;

import dev.nestbox.application.port.out.Users;
import dev.nestbox.domain.user.Email;
import dev.nestbox.domain.user.NewUser;
import dev.nestbox.domain.user.User;
import dev.nestbox.domain.user.UserId;

import java.util.Optional;

final class JdbiUsers implements Users {
    private static final UserMapper USER = new UserMapper();

    private final Database database;

    JdbiUsers(Database database) {
        this.database = database;
    }

    @Override
    public Addition add(NewUser user) {
        return database.write("add a user",
                handle -> new Addition.Added(handle.createUpdate(
                                "INSERT INTO users (email, password_hash, username, created_at)"
                                        + " VALUES (:email, :passwordHash, :username, :createdAt)")
                        .bind("email", user.email().value())
                        .bind("passwordHash", user.passwordHash())
                        .bind("username", user.username().value())
                        .bind("createdAt", Timestamps.utc(user.createdAt()))
                        .executeAndReturnGeneratedKeys(UserMapper.COLUMN_NAMES)
                        .map(USER)
                        .one()),
                JdbiUsers::conflict);
    }

    private static Optional<Addition> conflict(String constraint) {
        if (Constraints.USERS_EMAIL.equals(constraint) || Constraints.USERS_EMAIL_LOWER.equals(constraint)) {
            return Optional.of(new Addition.EmailTaken());
        }
        return Optional.empty();
    }

    @Override
    public Optional<User> byEmail(Email email) {
        // lower() on both sides: rows written by other tools may differ in case, and the index is on lower(email).
        return database.call("find a user by e-mail",
                handle -> handle.createQuery("SELECT " + UserMapper.COLUMNS + " FROM users WHERE lower(email) = lower(:email)")
                        .bind("email", email.value())
                        .map(USER)
                        .findOne());
    }

    @Override
    public Optional<User> byId(UserId id) {
        return database.call("find a user by id",
                handle -> handle.createQuery("SELECT " + UserMapper.COLUMNS + " FROM users WHERE id = :id")
                        .bind("id", id.value())
                        .map(USER)
                        .findOne());
    }
}
