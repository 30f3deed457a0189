package dev.nestbox.application.port.in;

import dev.nestbox.domain.hosting.SiteName;

/** For administrators: delete any hosting, whatever its state or owner. */
public interface ForceDeleteHostingUseCase {
    DeletionOutcome forceDelete(SiteName site);
}
