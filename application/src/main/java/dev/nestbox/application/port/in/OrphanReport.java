package dev.nestbox.application.port.in;

import dev.nestbox.domain.hosting.SiteName;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the last reconciliation pass found: machines the hypervisor runs that no hosting owns (left for an
 * administrator to inspect, never deleted automatically) and how many proxy routes it has corrected so far.
 * {@code checkedAt} is empty until the first pass completed.
 */
public record OrphanReport(List<SiteName> orphanMachines, long routeFixes, Optional<Instant> checkedAt) {
    public OrphanReport {
        orphanMachines = List.copyOf(orphanMachines);
        Objects.requireNonNull(checkedAt, "checkedAt");
    }
}
