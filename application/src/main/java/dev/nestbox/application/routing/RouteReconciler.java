package dev.nestbox.application.routing;

import dev.nestbox.application.port.in.OrphanReport;
import dev.nestbox.application.port.in.ReportOrphansUseCase;
import dev.nestbox.application.port.out.Clock;
import dev.nestbox.application.port.out.Hostings;
import dev.nestbox.application.port.out.Hypervisor;
import dev.nestbox.application.port.out.ReverseProxy;
import dev.nestbox.application.port.out.Telemetry;
import dev.nestbox.application.service.OrphanMachines;
import dev.nestbox.application.service.PeriodicPass;
import dev.nestbox.application.service.SiteLocks;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.HostingStatus;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.SiteName;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the proxy's routes equal to what the hostings say, whatever edited or lost them, puts a running guest's
 * network filter back where it went missing, and notices machines that no hosting owns. Runs at start and then every {@code period}.
 *
 * <p>A pass holds no lock while it calls the proxy or the hypervisor: it applies a snapshot of the hostings, then
 * reads them again, and every site whose route changed meanwhile (a teardown withdrew it, a worker published it)
 * is set right under that site's lock from what is stored then. A step or teardown that ran during the pass moved its
 * hosting, so the pass can neither leave a route resurrected after a teardown withdrew it nor leave one removed that
 * a worker just published. The isolation half only touches running machines' live filters, never (re)defines a
 * machine, so racing a teardown cannot bring one back.
 */
public final class RouteReconciler implements ReportOrphansUseCase, AutoCloseable {
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(RouteReconciler.class);

    private final Hostings hostings;
    private final Hypervisor hypervisor;
    private final ReverseProxy proxy;
    private final SiteLocks locks;
    private final Clock clock;
    private final Duration period;
    private final PeriodicPass passes;
    private final AtomicLong fixes = new AtomicLong();
    private final Telemetry telemetry;
    /** What the last pass found that no hosting owns: one write, so a report never mixes two passes. */
    private volatile List<OrphanReport.Orphan> orphans = List.of();
    private volatile Optional<Instant> checkedAt = Optional.empty();

    public RouteReconciler(Hostings hostings, Hypervisor hypervisor, ReverseProxy proxy, SiteLocks locks, Clock clock,
                           Duration period) {
        this(hostings, hypervisor, proxy, locks, clock, period, Telemetry.NONE);
    }

    public RouteReconciler(Hostings hostings, Hypervisor hypervisor, ReverseProxy proxy, SiteLocks locks, Clock clock,
                           Duration period, Telemetry telemetry) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("reconciliation period must be positive: " + period);
        }
        this.hostings = hostings;
        this.hypervisor = hypervisor;
        this.proxy = proxy;
        this.locks = locks;
        this.clock = clock;
        this.period = period;
        this.passes = new PeriodicPass("route-reconciler", period, this::reconcileNow);
        this.telemetry = telemetry;
    }

    /** Returns at once; a first pass starts now on the reconciler's thread, then one runs every period. */
    public void start() {
        passes.start();
    }

    /** Never throws: a failing store, proxy or hypervisor is logged, and the next pass tries again. */
    public void reconcileNow() {
        long fixesBefore = fixes.get();
        try {
            // Machines, disks and seeds first: one listed then had its hosting recorded before, so it is not taken for
            // an orphan.
            Optional<List<Hypervisor.Resource>> machines = resources();
            List<Hosting> all = hostings.all();
            // Independent halves: a broken proxy must not hide orphan machines, nor the reverse.
            try {
                reconcileRoutes(all);
            } catch (RuntimeException e) {
                LOG.warn("could not reconcile proxy routes; retrying in {}", period, e);
            }
            try {
                isolateGuests(all);
            } catch (RuntimeException e) {
                LOG.warn("could not check the guests' isolation; retrying in {}", period, e);
            }
            if (machines.isPresent()) {
                findOrphans(all, machines.get());
                checkedAt = Optional.of(clock.now());
            }
        } catch (RuntimeException e) {
            LOG.warn("route reconciliation failed; retrying in {}", period, e);
        } finally {
            telemetry.reconciled(fixes.get() - fixesBefore);
        }
    }

    private Optional<List<Hypervisor.Resource>> resources() {
        try {
            return Optional.of(hypervisor.resources());
        } catch (RuntimeException e) {
            LOG.warn("could not list the hypervisor's machines; retrying in {}", period, e);
            return Optional.empty();
        }
    }

    private void reconcileRoutes(List<Hosting> snapshot) {
        Map<SiteName, ReverseProxy.Route> desired = desiredRoutes(snapshot);
        ReverseProxy.Reconciliation result = proxy.reconcile(desired.values());
        if (result.fixes() > 0) {
            fixes.addAndGet(result.fixes());
            LOG.warn("proxy routes had drifted; rewrote {}, removed {}", result.written(), result.removed());
        }
        Map<SiteName, ReverseProxy.Route> now = desiredRoutes(hostings.all());
        Set<SiteName> moved = new TreeSet<>(Comparator.comparing(SiteName::value));
        moved.addAll(desired.keySet());
        moved.addAll(now.keySet());
        moved.removeIf(site -> Objects.equals(desired.get(site), now.get(site)));
        for (SiteName site : moved) {
            try {
                settleRoute(site);
            } catch (RuntimeException e) {
                // The next pass's snapshot sees the site as it is by then, and sets its route right.
                LOG.warn("could not settle the route of {}; retrying in {}", site, period, e);
            }
        }
    }

    /** Under the site's lock, so no step or teardown of it runs: its route becomes what its stored hosting says. */
    private void settleRoute(SiteName site) {
        // Steps and teardowns lock a hosting by its machine's name (a site made from a spare keeps the spare's).
        SiteName lock = hostings.bySite(site).map(Hosting::machine).orElse(site);
        locks.holding(lock, () -> {
            Optional<ReverseProxy.Route> route = hostings.bySite(site).filter(Hosting::routed).map(RouteReconciler::routeOf);
            if (route.isPresent()) {
                proxy.publish(route.get());
            } else {
                proxy.withdraw(site);
            }
            LOG.debug("site {} changed during a reconciliation pass; its route is {}", site, route);
        });
    }

    private static Map<SiteName, ReverseProxy.Route> desiredRoutes(List<Hosting> all) {
        return all.stream().filter(Hosting::routed)
                .collect(Collectors.toMap(Hosting::site, RouteReconciler::routeOf));
    }

    private static ReverseProxy.Route routeOf(Hosting hosting) {
        return new ReverseProxy.Route(hosting.site(), hosting.address(), hosting.sshPort());
    }

    /**
     * A running guest whose network filter went missing (edited by hand, lost by libvirt) gets it back: a user's
     * and a spare's alike (a spare is claimed without another look at its filter). Keyed by the machine's name.
     */
    private void isolateGuests(List<Hosting> all) {
        Map<SiteName, Ipv4Address> running = all.stream()
                .filter(h -> h.status() == HostingStatus.RUNNING || h.status() == HostingStatus.SPARE)
                .collect(Collectors.toMap(Hosting::machine, Hosting::address));
        if (running.isEmpty()) {
            return;
        }
        Set<SiteName> fixed = hypervisor.isolate(running);
        if (!fixed.isEmpty()) {
            fixes.addAndGet(fixed.size());
            LOG.warn("sites {} had lost their guest isolation; put it back", fixed);
        }
    }

    private void findOrphans(List<Hosting> all, List<Hypervisor.Resource> resources) {
        List<OrphanReport.Orphan> found = OrphanMachines.orphans(all, resources);
        if (!found.equals(orphans) && !found.isEmpty()) {
            LOG.warn("machines, disks or seeds no hosting owns (left in place for an administrator): {}",
                    OrphanMachines.sites(found));
        }
        orphans = found;
    }

    /** Routes corrected since start. */
    public long fixes() {
        return fixes.get();
    }

    /** Machines of the last pass that no hosting owns. */
    public List<SiteName> orphans() {
        return OrphanMachines.sites(orphans);
    }

    @Override
    public OrphanReport report() {
        List<OrphanReport.Orphan> last = orphans;
        return new OrphanReport(OrphanMachines.sites(last), last, fixes.get(), checkedAt);
    }

    /** Stops the periodic passes and waits (up to 5 s) for one in progress; see {@link PeriodicPass#close()}. */
    @Override
    public void close() {
        passes.close();
    }

    /** Whether the periodic passes are stopped for good: after {@link #close()}, or before {@link #start()}. */
    public boolean stopped() {
        return passes.stopped();
    }
}
