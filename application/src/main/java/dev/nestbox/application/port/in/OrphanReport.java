package dev.nestbox.application.port.in;

import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.SiteName;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the last check found: the sites whose machines, disks or seeds on the hypervisor no hosting owns (left for
 * an administrator to inspect, never deleted automatically), each such thing by name and the hosting id it carries
 * ({@code orphans}; empty where the check lists only sites), and how many proxy routes were corrected so far.
 * {@code checkedAt} is empty until the first check completed.
 */
public record OrphanReport(List<SiteName> orphanMachines, List<Orphan> orphans, long routeFixes,
                           Optional<Instant> checkedAt) {
    public OrphanReport {
        orphanMachines = List.copyOf(orphanMachines);
        orphans = List.copyOf(orphans);
        Objects.requireNonNull(checkedAt, "checkedAt");
    }

    /** A report by site only (the route reconciler's). */
    public OrphanReport(List<SiteName> orphanMachines, long routeFixes, Optional<Instant> checkedAt) {
        this(orphanMachines, List.of(), routeFixes, checkedAt);
    }

    /**
     * One thing no hosting owns: its {@code kind} ("machine", "disk", "cloud-init seed"), its {@code name} on the
     * host, the site it is named for, and the hosting it was made for (empty: it carries none).
     */
    public record Orphan(String kind, String name, SiteName site, Optional<HostingId> hosting) {
        public Orphan {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(site, "site");
            Objects.requireNonNull(hosting, "hosting");
        }

        /** "disk alice.3.qcow2, made for hosting 3" */
        public String describe() {
            return kind + " " + name + ", " + hosting.map(h -> "made for hosting " + h.value())
                    .orElse("no hosting recorded");
        }
    }
}
