package dev.nestbox.application.service;

import dev.nestbox.application.port.in.OrphanReport;
import dev.nestbox.application.port.in.ReportOrphansUseCase;
import dev.nestbox.application.port.out.Clock;
import dev.nestbox.application.port.out.Hostings;
import dev.nestbox.application.port.out.Hypervisor;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.SiteName;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Machines the hypervisor runs that no hosting owns, looked up when asked. For processes that do not reconcile
 * routes themselves (the admin console), so their report counts no route fixes.
 */
public final class OrphanMachines implements ReportOrphansUseCase {
    private final Hostings hostings;
    private final Hypervisor hypervisor;
    private final Clock clock;

    public OrphanMachines(Hostings hostings, Hypervisor hypervisor, Clock clock) {
        this.hostings = hostings;
        this.hypervisor = hypervisor;
        this.clock = clock;
    }

    @Override
    public OrphanReport report() {
        return new OrphanReport(among(hostings.all(), hypervisor.machines()), 0, Optional.of(clock.now()));
    }

    /** The machines of {@code machines} that none of {@code hostings} owns, by name. */
    public static List<SiteName> among(Collection<Hosting> hostings, Collection<SiteName> machines) {
        Set<SiteName> owned = hostings.stream().map(Hosting::site).collect(Collectors.toSet());
        return machines.stream()
                .filter(site -> !owned.contains(site))
                .distinct()
                .sorted(Comparator.comparing(SiteName::value))
                .toList();
    }
}
