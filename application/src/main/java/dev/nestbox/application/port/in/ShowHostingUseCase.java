package dev.nestbox.application.port.in;

import dev.nestbox.domain.user.UserId;

/** A user's own hosting, read together with the user in one query: a deleted user gets UnknownUser. */
public interface ShowHostingUseCase {
    OwnHosting show(UserId user);
}
