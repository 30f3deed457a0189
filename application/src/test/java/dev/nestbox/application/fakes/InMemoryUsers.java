package dev.nestbox.application.fakes;

import dev.nestbox.application.port.out.Users;
import dev.nestbox.domain.user.Email;
import dev.nestbox.domain.user.NewUser;
import dev.nestbox.domain.user.User;
import dev.nestbox.domain.user.UserId;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Users with the store's unique e-mail constraint. */
public final class InMemoryUsers implements Users {
    private final Map<UserId, User> rows = new LinkedHashMap<>();
    private long nextId = 1;

    @Override
    public synchronized Addition add(NewUser user) {
        if (rows.values().stream().anyMatch(u -> u.email().equals(user.email()))) {
            return new Addition.EmailTaken();
        }
        User added = new User(new UserId(nextId++), user.email(), user.username(), user.passwordHash(), user.createdAt());
        rows.put(added.id(), added);
        return new Addition.Added(added);
    }

    @Override
    public synchronized Optional<User> byEmail(Email email) {
        return rows.values().stream().filter(u -> u.email().equals(email)).findFirst();
    }

    @Override
    public synchronized Optional<User> byId(UserId id) {
        return Optional.ofNullable(rows.get(id));
    }

    /** Users are never deleted through a use case yet; an administrator may do it in the database. */
    public synchronized void delete(UserId id) {
        rows.remove(id);
    }

    public synchronized int size() {
        return rows.size();
    }
}
