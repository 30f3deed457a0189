package dev.nestbox.application.service;

import dev.nestbox.application.port.in.OrphanReport;
import dev.nestbox.application.port.in.ReportOrphansUseCase;
import dev.nestbox.application.port.out.Clock;
import dev.nestbox.application.port.out.Hostings;
import dev.nestbox.application.port.out.Hypervisor;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.SiteName;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Machines, disks and seeds on the hypervisor that no hosting owns, looked up when asked. For processes that do
 * not reconcile routes themselves (the admin console), so their report counts no route fixes.
 *
 * <p>A thing is a hosting's when it carries that hosting's id and is named for that hosting's site. One that
 * carries no id was made before ids were recorded: it is the hosting's that holds its site, if any (legacy owned),
 * and an orphan otherwise.
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
        List<OrphanReport.Orphan> orphans = orphans(hostings.all(), hypervisor.resources());
        return new OrphanReport(sites(orphans), orphans, 0, Optional.of(clock.now()));
    }

    /** The sites {@code orphans} are named for, each once, in order. */
    public static List<SiteName> sites(List<OrphanReport.Orphan> orphans) {
        return orphans.stream().map(OrphanReport.Orphan::site).distinct().toList();
    }

    /** The things of {@code resources} that none of {@code hostings} owns, by site, kind and name. */
    public static List<OrphanReport.Orphan> orphans(Collection<Hosting> hostings,
                                                    Collection<Hypervisor.Resource> resources) {
        Map<HostingId, SiteName> siteOf = hostings.stream()
                .collect(Collectors.toMap(Hosting::id, Hosting::site, (a, b) -> a));
        Set<SiteName> held = Set.copyOf(siteOf.values());
        return resources.stream()
                .filter(r -> !owned(r, siteOf, held))
                .map(r -> new OrphanReport.Orphan(r.kind().label(), r.name(), r.site(), r.hosting()))
                .distinct()
                .sorted(Comparator.comparing((OrphanReport.Orphan o) -> o.site().value())
                        .thenComparing(OrphanReport.Orphan::kind).thenComparing(OrphanReport.Orphan::name))
                .toList();
    }

    private static boolean owned(Hypervisor.Resource resource, Map<HostingId, SiteName> siteOf, Set<SiteName> held) {
        return resource.hosting()
                .map(id -> resource.site().equals(siteOf.get(id)))
                .orElseGet(() -> held.contains(resource.site()));
    }
}
