package dev.nestbox.application.provisioning;

import dev.nestbox.application.port.out.Clock;
import dev.nestbox.application.port.out.HostPorts;
import dev.nestbox.application.port.out.Hostings;
import dev.nestbox.application.port.out.Hypervisor;
import dev.nestbox.domain.allocation.AddressAllocation;
import dev.nestbox.domain.allocation.AddressAllocator;
import dev.nestbox.domain.allocation.PortAllocation;
import dev.nestbox.domain.allocation.PortAllocator;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.HostingStatus;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.NewHosting;
import dev.nestbox.domain.hosting.SiteName;
import dev.nestbox.domain.hosting.Transition;
import dev.nestbox.domain.plan.Plan;
import dev.nestbox.domain.plan.PlanCatalog;
import dev.nestbox.domain.quota.QuotaContext;
import dev.nestbox.domain.quota.QuotaDecision;
import dev.nestbox.domain.quota.QuotaPolicy;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps booted spares waiting for each plan that has a pool size: POST /host claims one
 * ({@link dev.nestbox.application.service.RequestHostingService}) and only sets it up, instead of booting a machine.
 *
 * <p>Runs on the provisioning sweeper's thread only (at every sweep, and soon after each claim), so two refills
 * never race each other. A spare is a hosting without an owner: it takes an address, an SSH port and its memory
 * like any other, so it counts against the host's capacity and a full host makes no spares. Spares are made a few
 * at a time ({@code making}) and never while hostings wait for a provisioning slot or claimed spares are being set
 * up: a user's boot and a user's claim come first.
 * A waiting spare whose machine is no longer running is discarded (and made again), as are spares beyond a plan's
 * size when it shrank.
 */
public final class WarmPool {
    private static final Logger LOG = LoggerFactory.getLogger(WarmPool.class);
    private static final int MAX_ATTEMPTS = 10;

    private final Hostings hostings;
    private final ProvisioningWorker worker;
    private final Hypervisor hypervisor;
    private final Function<SiteName, List<Hypervisor.Resource>> leftovers;
    private final PlanCatalog plans;
    private final Predicate<String> imageAvailable;
    private final QuotaPolicy quota;
    private final PortAllocator ports;
    private final HostPorts hostPorts;
    private final AddressAllocator addresses;
    private final Clock clock;
    private final RandomGenerator random;
    private final Map<String, Integer> sizes;
    private final int making;

    /**
     * @param sizes  spares to keep per plan name (plans not named, or 0: no pool)
     * @param making spares booted at once, at most (at least 1)
     */
    public WarmPool(Hostings hostings, ProvisioningWorker worker, Hypervisor hypervisor,
                    Function<SiteName, List<Hypervisor.Resource>> leftovers, PlanCatalog plans,
                    Predicate<String> imageAvailable, QuotaPolicy quota, PortAllocator ports, HostPorts hostPorts,
                    AddressAllocator addresses, Clock clock, RandomGenerator random, Map<String, Integer> sizes,
                    int making) {
        this.hostings = hostings;
        this.worker = worker;
        this.hypervisor = hypervisor;
        this.leftovers = leftovers;
        this.plans = plans;
        this.imageAvailable = imageAvailable;
        this.quota = quota;
        this.ports = ports;
        this.hostPorts = hostPorts;
        this.addresses = addresses;
        this.clock = clock;
        this.random = random;
        this.sizes = Map.copyOf(new TreeMap<>(Objects.requireNonNull(sizes, "sizes")));
        if (making < 1) {
            throw new IllegalArgumentException("spares made at once must be at least 1: " + making);
        }
        for (Map.Entry<String, Integer> size : this.sizes.entrySet()) {
            if (size.getValue() < 0) {
                throw new IllegalArgumentException("warm pool size of plan " + size.getKey() + " is negative");
            }
            if (plans.find(size.getKey()).isEmpty()) {
                throw new IllegalArgumentException("warm pool for plan '" + size.getKey()
                        + "', which is not offered (plans: " + plans.names() + ")");
            }
        }
        this.making = making;
    }

    /** Whether any plan keeps spares. */
    public boolean enabled() {
        return sizes.values().stream().anyMatch(n -> n > 0);
    }

    /**
     * Refills on every sweep from now on; the first sweep of {@link ProvisioningWorker#start()} fills the pool. Worth
     * attaching with every size 0 too: spares a bigger pool left are then discarded.
     */
    public void attach() {
        worker.alsoOnSweep(this::refill);
    }

    /** A request took a spare: make its successor soon rather than at the next sweep. */
    public void spareTaken() {
        if (enabled()) {
            worker.onSweeperSoon(this::refill);
        }
    }

    /** One pass: drops spares that are lost or too many, then makes spares up to each plan's size. */
    public void refill() {
        List<Hosting> spares = hostings.inStatus(
                        Set.of(HostingStatus.PENDING, HostingStatus.PROVISIONING, HostingStatus.SPARE)).stream()
                .filter(Hosting::spare).toList();
        long booting = spares.stream().filter(h -> h.status() != HostingStatus.SPARE).count();
        Map<String, List<Hosting>> byPlan = spares.stream().collect(java.util.stream.Collectors.groupingBy(
                h -> h.plan().name(), TreeMap::new, java.util.stream.Collectors.toList()));
        // Spares of each plan still there after this pass's discards: what the refill below counts on.
        Map<String, Long> kept = new TreeMap<>();
        for (Map.Entry<String, List<Hosting>> plan : byPlan.entrySet()) {
            int size = sizes.getOrDefault(plan.getKey(), 0);
            long excess = plan.getValue().size() - (long) size;
            // Newest first: the oldest spares have waited longest and are the likeliest to be fully warmed up.
            List<Hosting> waiting = plan.getValue().stream().filter(h -> h.status() == HostingStatus.SPARE)
                    .sorted(Comparator.comparing((Hosting h) -> h.id().value()).reversed()).toList();
            long left = plan.getValue().size();
            for (Hosting spare : waiting) {
                if (excess > 0) {
                    if (worker.discardSpare(spare, "the warm pool of plan " + plan.getKey() + " is now " + size)) {
                        excess--;
                        left--;
                    }
                    continue;
                }
                Hypervisor.MachineState state = hypervisor.state(spare.machine());
                if (state != Hypervisor.MachineState.RUNNING && worker.discardSpare(spare,
                        "its machine is " + state.name().toLowerCase(java.util.Locale.ROOT))) {
                    left--;
                }
            }
            kept.put(plan.getKey(), left);
        }
        for (Map.Entry<String, Integer> size : sizes.entrySet()) {
            Plan plan = plans.find(size.getKey()).orElseThrow();
            long have = kept.getOrDefault(plan.name(), 0L);
            while (have < size.getValue() && booting < making) {
                if (worker.queued() > 0) {
                    LOG.debug("warm pool waits: hostings are queued for a provisioning slot");
                    return;
                }
                if (worker.claimsInFlight() > 0) {
                    // A boot takes a core under emulation: the claims' set-up over SSH comes first. The worker
                    // runs this pass again when the last claim is done.
                    LOG.debug("warm pool waits: claimed spares are being set up");
                    return;
                }
                if (!imageAvailable.test(plan.image())) {
                    LOG.warn("no spares for plan {}: its image {} cannot be booted here", plan.name(), plan.image());
                    break;
                }
                Optional<Hosting> made = makeSpare(plan);
                if (made.isEmpty()) {
                    break;
                }
                have++;
                booting++;
            }
        }
    }

    private Optional<Hosting> makeSpare(Plan plan) {
        Hostings.Usage usage = hostings.usage();
        QuotaDecision decision = quota.evaluate(new QuotaContext(false, usage.liveHostings(), usage.memoryMib(),
                plan.memoryMib()));
        if (!(decision instanceof QuotaDecision.Allowed)) {
            LOG.info("no new spare of plan {}: the host is full ({})", plan.name(), decision);
            return Optional.empty();
        }
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            SiteName label = SiteName.spareLabel(random);
            if (!leftovers.apply(label).isEmpty()) {
                continue;
            }
            Set<Integer> portsInUse = hostings.sshPortsInUse();
            PortAllocation port = ports.allocate(p -> portsInUse.contains(p) || hostPorts.isListening(p), random);
            if (!(port instanceof PortAllocation.Allocated freePort)) {
                LOG.warn("no new spare of plan {}: {}", plan.name(), port);
                return Optional.empty();
            }
            Set<Ipv4Address> addressesInUse = hostings.addressesInUse();
            AddressAllocation address = addresses.allocate(addressesInUse::contains, random);
            if (!(address instanceof AddressAllocation.Allocated freeAddress)) {
                LOG.warn("no new spare of plan {}: {}", plan.name(), address);
                return Optional.empty();
            }
            Hostings.Creation creation = hostings.create(NewHosting.spare(label, freeAddress.address(),
                    freePort.port(), plan, clock.now()));
            if (creation instanceof Hostings.Creation.Created created) {
                Transition started = created.hosting().startProvisioning(clock.now());
                Hosting spare = started instanceof Transition.Applied applied
                        && hostings.replace(applied.hosting(), HostingStatus.PENDING) ? applied.hosting()
                        : created.hosting();
                if (!worker.offer(spare)) {
                    hostings.remove(spare.id());
                    return Optional.empty();
                }
                LOG.info("making spare {} of plan {} for the warm pool", label, plan.name());
                return Optional.of(spare);
            }
            // A clash with a request recorded meanwhile (port, address): pick again.
        }
        LOG.warn("could not record a spare of plan {} after {} attempts", plan.name(), MAX_ATTEMPTS);
        return Optional.empty();
    }
}
