package dev.nestbox.application.port.in;

import dev.nestbox.domain.hosting.SiteName;

/** For administrators: one hosting by its site name. */
public interface InspectHostingUseCase {
    HostingLookup inspect(SiteName site);
}
