package dev.nestbox.application.port.in;

import dev.nestbox.domain.user.UserId;

public interface ShowHostingUseCase {
    HostingLookup show(UserId user);
}
