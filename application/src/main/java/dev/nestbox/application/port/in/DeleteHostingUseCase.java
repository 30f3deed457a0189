package dev.nestbox.application.port.in;

import dev.nestbox.domain.user.UserId;

public interface DeleteHostingUseCase {
    DeletionOutcome delete(UserId user);
}
