package dev.nestbox.application.service;

import dev.nestbox.application.port.in.OrphanReport;
import dev.nestbox.application.port.in.ReportOrphansUseCase;
import dev.nestbox.application.port.out.Clock;
import dev.nestbox.application.port.out.Hostings;
import dev.nestbox.application.port.out.Hypervisor;
import dev.nestbox.application.port.out.ReverseProxy;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.SiteName;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Machines, disks and seeds on the hypervisor, and route files and SSH ports on the proxy, that no hosting owns,
 * looked up when asked. For processes that do not reconcile routes themselves (the admin console), so their report
 * counts no route fixes; the server's reconciler removes such routes at each pass instead.
 *
 * <p>A thing is a hosting's when it carries that hosting's id and is named for that hosting's site. One that
 * carries no id was made before ids were recorded: it is the hosting's that holds its site, if any (legacy owned),
 * and an orphan otherwise.
 */
public final class OrphanMachines implements ReportOrphansUseCase {
    private static final Comparator<OrphanReport.Orphan> ORDER = Comparator
            .comparing((OrphanReport.Orphan o) -> o.site().value())
            .thenComparing(OrphanReport.Orphan::kind).thenComparing(OrphanReport.Orphan::name);
    private final Hostings hostings;
    private final Hypervisor hypervisor;
    private final ReverseProxy proxy;
    private final Clock clock;

    public OrphanMachines(Hostings hostings, Hypervisor hypervisor, ReverseProxy proxy, Clock clock) {
        this.hostings = hostings;
        this.hypervisor = hypervisor;
        this.proxy = proxy;
        this.clock = clock;
    }

    @Override
    public OrphanReport report() {
        // Machines and routes first: one listed then had its hosting recorded before, so it is not taken for an orphan.
        List<Hypervisor.Resource> resources = hypervisor.resources();
        List<ReverseProxy.Published> routes = proxy.published();
        List<Hosting> all = hostings.all();
        List<OrphanReport.Orphan> orphans = new ArrayList<>(orphans(all, resources));
        orphans.addAll(orphanRoutes(all, routes));
        orphans.sort(ORDER);
        return new OrphanReport(sites(orphans), orphans, 0, Optional.of(clock.now()));
    }

    /**
     * The route files no live hosting of their site should have: a route of a site without a live hosting, or an
     * SSH route listening on a port other than its hosting's (a port no hosting owns).
     */
    public static List<OrphanReport.Orphan> orphanRoutes(Collection<Hosting> hostings,
                                                         Collection<ReverseProxy.Published> routes) {
        Map<SiteName, Hosting> live = hostings.stream().filter(Hosting::routed)
                .collect(Collectors.toMap(Hosting::site, h -> h, (a, b) -> a));
        List<OrphanReport.Orphan> orphans = new ArrayList<>();
        for (ReverseProxy.Published route : routes) {
            Hosting owner = live.get(route.site());
            if (owner == null) {
                orphans.add(new OrphanReport.Orphan(route.kind(), route.file(), route.site(), Optional.empty()));
            } else if (route.sshPort().isPresent() && route.sshPort().getAsInt() != owner.sshPort()) {
                orphans.add(new OrphanReport.Orphan("ssh port", route.sshPort().getAsInt() + " (" + route.file()
                        + ", its hosting's port is " + owner.sshPort() + ")", route.site(), Optional.empty()));
            }
        }
        return orphans;
    }

    /** The sites {@code orphans} are named for, each once, in order. */
    public static List<SiteName> sites(List<OrphanReport.Orphan> orphans) {
        return orphans.stream().map(OrphanReport.Orphan::site).distinct().toList();
    }

    /** The things of {@code resources} that none of {@code hostings} owns, by site, kind and name. */
    public static List<OrphanReport.Orphan> orphans(Collection<Hosting> hostings,
                                                    Collection<Hypervisor.Resource> resources) {
        // Resources carry their machine's name: a claimed spare's are named for the spare, not for its site.
        Map<HostingId, SiteName> siteOf = hostings.stream()
                .collect(Collectors.toMap(Hosting::id, Hosting::machine, (a, b) -> a));
        Set<SiteName> held = Set.copyOf(siteOf.values());
        return resources.stream()
                .filter(r -> !owned(r, siteOf, held))
                .map(r -> new OrphanReport.Orphan(r.kind().label(), r.name(), r.site(), r.hosting()))
                .distinct()
                .sorted(ORDER)
                .toList();
    }

    private static boolean owned(Hypervisor.Resource resource, Map<HostingId, SiteName> siteOf, Set<SiteName> held) {
        return resource.hosting()
                .map(id -> resource.site().equals(siteOf.get(id)))
                .orElseGet(() -> held.contains(resource.site()));
    }
}
