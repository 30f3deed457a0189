package dev.nestbox.application.service;

import dev.nestbox.application.port.in.DeleteHostingUseCase;
import dev.nestbox.application.port.in.DeletionOutcome;
import dev.nestbox.application.port.in.ForceDeleteHostingUseCase;
import dev.nestbox.application.port.out.Hostings;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.SiteName;
import dev.nestbox.domain.user.UserId;

import java.util.Optional;

/** Deleting a hosting, by its owner or by an administrator; both end in the same teardown. */
public final class DeleteHostingService implements DeleteHostingUseCase, ForceDeleteHostingUseCase {
    private final Hostings hostings;
    private final HostingTeardown teardown;

    public DeleteHostingService(Hostings hostings, HostingTeardown teardown) {
        this.hostings = hostings;
        this.teardown = teardown;
    }

    @Override
    public DeletionOutcome delete(UserId user) {
        return remove(hostings.byOwner(user));
    }

    @Override
    public DeletionOutcome forceDelete(SiteName site) {
        return remove(hostings.bySite(site));
    }

    private DeletionOutcome remove(Optional<Hosting> hosting) {
        if (hosting.isEmpty()) {
            return new DeletionOutcome.NotFound();
        }
        teardown.tearDown(hosting.get());
        return new DeletionOutcome.Deleted();
    }
}
