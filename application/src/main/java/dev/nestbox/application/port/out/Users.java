package dev.nestbox.application.port.out;

import dev.nestbox.domain.user.Email;
import dev.nestbox.domain.user.NewUser;
import dev.nestbox.domain.user.User;
import dev.nestbox.domain.user.UserId;

import java.util.Optional;

public interface Users {
    Addition add(NewUser user);

    Optional<User> byEmail(Email email);

    Optional<User> byId(UserId id);

    sealed interface Addition {
        record Added(User user) implements Addition {
        }

        record EmailTaken() implements Addition {
        }
    }
}
