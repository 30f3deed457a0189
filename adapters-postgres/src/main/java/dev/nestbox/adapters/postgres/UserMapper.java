package dev.nestbox.adapters.postgres;

import dev.nestbox.domain.user.Email;
import dev.nestbox.domain.user.User;
import dev.nestbox.domain.user.UserId;
import dev.nestbox.domain.user.Username;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;

/** A {@code users} row as a {@link User}. */
final class UserMapper implements RowMapper<User> {
    static final String[] COLUMN_NAMES = {"id", "email", "password_hash", "username", "created_at"};
    static final String COLUMNS = String.join(", ", COLUMN_NAMES);

    @Override
    public User map(ResultSet row, StatementContext context) throws SQLException {
        return new User(
                new UserId(row.getLong("id")),
                Email.of(row.getString("email")),
                Username.of(row.getString("username")),
                row.getString("password_hash"),
                Timestamps.read(row, "created_at"));
    }
}
