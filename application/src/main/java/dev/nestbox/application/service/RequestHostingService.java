package dev.nestbox.application.service;

import dev.nestbox.application.port.in.HostingRequestOutcome;
import dev.nestbox.application.port.in.RequestHostingCommand;
import dev.nestbox.application.port.in.RequestHostingUseCase;
import dev.nestbox.application.port.out.Clock;
import dev.nestbox.application.port.out.HostPorts;
import dev.nestbox.application.port.out.Hostings;
import dev.nestbox.application.port.out.Hypervisor;
import dev.nestbox.application.port.out.SshKeys;
import dev.nestbox.application.port.out.Users;
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
import dev.nestbox.domain.user.User;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a hosting: checks the quota, picks a site name, SSH port and guest address, and lets the store's
 * constraints settle races (another request may take the same name, port or address first: then pick again).
 * The recorded hosting starts provisioning at once and goes to {@code accepted} (the provisioning worker's queue).
 * When that queue is full the row is removed again, so nothing is left (no row, port or address), and the answer
 * is {@link HostingRequestOutcome.CapacityExhausted}.
 *
 * <p>A site name is not given out again while the hypervisor still holds anything named for it (a machine, disk or
 * seed an earlier hosting left behind): the request is refused with {@link HostingRequestOutcome.SiteNameHasLeftovers}
 * until an administrator has removed them, so no new tenant ever boots on an earlier tenant's disk.
 */
public final class RequestHostingService implements RequestHostingUseCase {
    private static final Logger LOG = LoggerFactory.getLogger(RequestHostingService.class);
    private static final int MAX_ATTEMPTS = 20;
    private static final int MAX_SITE_CANDIDATES = 10_000;

    private final Users users;
    private final Hostings hostings;
    private final Function<SiteName, List<Hypervisor.Resource>> leftovers;
    private final SshKeys keys;
    private final HostPorts hostPorts;
    private final QuotaPolicy quota;
    private final PortAllocator ports;
    private final AddressAllocator addresses;
    private final PlanCatalog plans;
    private final Predicate<String> imageAvailable;
    private final PublicEndpoints endpoints;
    private final SiteName.Reservations siteNames;
    private final Clock clock;
    private final RandomGenerator random;
    private final Predicate<Hosting> accepted;
    private final boolean warmPool;
    private final Runnable spareTaken;

    /**
     * @param leftovers      what the hypervisor holds named for a site ({@link Hypervisor#resources(SiteName)});
     *                       where nothing is provisioned, nothing is left over
     * @param plans          the plans users choose from
     * @param imageAvailable whether machines of an image can be booted here ({@link Hypervisor#canBoot(String)})
     */
    public RequestHostingService(Users users, Hostings hostings,
                                 Function<SiteName, List<Hypervisor.Resource>> leftovers, SshKeys keys,
                                 HostPorts hostPorts, QuotaPolicy quota,
                                 PortAllocator ports, AddressAllocator addresses, PlanCatalog plans,
                                 Predicate<String> imageAvailable,
                                 PublicEndpoints endpoints, SiteName.Reservations siteNames, Clock clock,
                                 RandomGenerator random, Predicate<Hosting> accepted) {
        this(users, hostings, leftovers, keys, hostPorts, quota, ports, addresses, plans, imageAvailable, endpoints,
                siteNames, clock, random, accepted, false, () -> { });
    }

    /**
     * @param warmPool   whether to look for a spare of the plan first ({@link Hostings#claim}); without one, or
     *                   when none waits, the hosting boots cold
     * @param spareTaken told after each claim, so the pool makes a successor
     */
    public RequestHostingService(Users users, Hostings hostings,
                                 Function<SiteName, List<Hypervisor.Resource>> leftovers, SshKeys keys,
                                 HostPorts hostPorts, QuotaPolicy quota,
                                 PortAllocator ports, AddressAllocator addresses, PlanCatalog plans,
                                 Predicate<String> imageAvailable,
                                 PublicEndpoints endpoints, SiteName.Reservations siteNames, Clock clock,
                                 RandomGenerator random, Predicate<Hosting> accepted, boolean warmPool,
                                 Runnable spareTaken) {
        this.warmPool = warmPool;
        this.spareTaken = spareTaken;
        this.users = users;
        this.hostings = hostings;
        this.leftovers = leftovers;
        this.keys = keys;
        this.hostPorts = hostPorts;
        this.quota = quota;
        this.ports = ports;
        this.addresses = addresses;
        this.plans = plans;
        this.imageAvailable = imageAvailable;
        this.endpoints = endpoints;
        this.siteNames = siteNames;
        this.clock = clock;
        this.random = random;
        this.accepted = accepted;
    }

    @Override
    public HostingRequestOutcome request(RequestHostingCommand command) {
        User user = users.byId(command.user())
                .orElseThrow(() -> new IllegalStateException("authenticated user is gone: " + command.user()));
        Optional<String> publicKey = Optional.empty();
        if (command.sshPublicKey().isPresent()) {
            SshKeys.Check check = keys.check(command.sshPublicKey().get());
            if (check instanceof SshKeys.Check.Invalid invalid) {
                return new HostingRequestOutcome.InvalidPublicKey(invalid.reason());
            } else if (check instanceof SshKeys.Check.Valid valid) {
                publicKey = Optional.of(valid.line());
            } else {
                throw new AssertionError("unhandled key check: " + check);
            }
        }

        Plan plan;
        if (command.plan().isPresent()) {
            Optional<Plan> named = plans.find(command.plan().get());
            if (named.isEmpty()) {
                return new HostingRequestOutcome.UnknownPlan(command.plan().get(), plans.names());
            }
            plan = named.get();
        } else {
            plan = plans.defaultPlan();
        }
        if (!imageAvailable.test(plan.image())) {
            LOG.warn("refused plan {} to user {}: its image {} cannot be booted here (not installed?)",
                    plan.name(), user.id().value(), plan.image());
            return new HostingRequestOutcome.PlanUnavailable(plan.name(), plan.image());
        }

        List<Hosting> spares = warmPool ? waitingSpares(plan) : List.of();
        Hostings.Usage usage = hostings.usage();
        // A spare already holds its memory and counts among the hostings: claiming it adds nothing to either.
        QuotaDecision decision = quota.evaluate(new QuotaContext(
                hostings.byOwner(user.id()).isPresent(), usage.liveHostings() - (spares.isEmpty() ? 0 : 1),
                usage.memoryMib() - (spares.isEmpty() ? 0 : plan.memoryMib()), plan.memoryMib()));
        if (decision instanceof QuotaDecision.UserLimitReached) {
            return new HostingRequestOutcome.AlreadyHasHosting();
        } else if (decision instanceof QuotaDecision.HostFull full) {
            return new HostingRequestOutcome.CapacityExhausted(full.reason());
        } else if (!(decision instanceof QuotaDecision.Allowed)) {
            throw new AssertionError("unhandled quota decision: " + decision);
        }

        Optional<String> privateKey = Optional.empty();
        if (publicKey.isEmpty()) {
            SshKeys.KeyPair pair = keys.generate("nestbox-" + user.id().value());
            publicKey = Optional.of(pair.publicKeyLine());
            privateKey = Optional.of(pair.privateKeyPem());
        }
        if (!spares.isEmpty()) {
            Optional<HostingRequestOutcome> claimed = claim(user, spares, publicKey.get(), privateKey);
            if (claimed.isPresent()) {
                return claimed.get();
            }
            // Every spare went to other requests meanwhile: boot one, if the host has room for it.
            Hostings.Usage now = hostings.usage();
            QuotaDecision cold = quota.evaluate(new QuotaContext(false, now.liveHostings(), now.memoryMib(),
                    plan.memoryMib()));
            if (cold instanceof QuotaDecision.HostFull full) {
                return new HostingRequestOutcome.CapacityExhausted(full.reason());
            }
        }
        return record(user, plan, publicKey.get(), privateKey);
    }

    private List<Hosting> waitingSpares(Plan plan) {
        return hostings.inStatus(Set.of(HostingStatus.SPARE)).stream()
                .filter(h -> h.spare() && h.plan().name().equals(plan.name()))
                .sorted(java.util.Comparator.comparing(h -> h.id().value()))
                .toList();
    }

    /**
     * Takes the first of {@code spares} that no other request takes first: it becomes the user's hosting of their
     * site name, provisioning from the guest's set-up on. Empty when every one went elsewhere.
     */
    private Optional<HostingRequestOutcome> claim(User user, List<Hosting> spares, String publicKey,
                                                  Optional<String> privateKey) {
        Set<SiteName> sitesInUse = new HashSet<>(hostings.siteNamesInUse());
        int attempts = 0;
        for (Hosting spare : spares) {
            while (attempts++ < MAX_ATTEMPTS) {
                Optional<SiteName> site = freeSiteName(user, sitesInUse);
                if (site.isEmpty()) {
                    return Optional.of(new HostingRequestOutcome.CapacityExhausted("no free site name could be derived"));
                }
                // No leftover check of the site's name here: nothing is made under it (the machine, disk and seed
                // keep the spare's name), so an earlier tenant's leftovers of that name are never touched.
                Transition transition = spare.claim(user.id(), site.get(), publicKey, clock.now());
                if (!(transition instanceof Transition.Applied applied)) {
                    break; // not a waiting spare any more: the next one
                }
                Hostings.Claim claim = hostings.claim(applied.hosting());
                if (claim instanceof Hostings.Claim.Claimed claimed) {
                    LOG.info("user {} took spare {} as site {}", user.id().value(), spare.machine(), site.get());
                    // The claim lane has no bound of its own (the pool's size bounds it): it is always accepted.
                    accepted.test(claimed.hosting());
                    spareTaken.run();
                    return Optional.of(new HostingRequestOutcome.Accepted(endpoints.view(claimed.hosting()),
                            privateKey, true));
                } else if (claim instanceof Hostings.Claim.OwnerHasOne) {
                    return Optional.of(new HostingRequestOutcome.AlreadyHasHosting());
                } else if (claim instanceof Hostings.Claim.SiteNameTaken) {
                    sitesInUse.add(site.get());
                    sitesInUse.addAll(hostings.siteNamesInUse());
                } else if (claim instanceof Hostings.Claim.Gone) {
                    break;
                } else {
                    throw new AssertionError("unhandled claim: " + claim);
                }
            }
        }
        return Optional.empty();
    }

    private HostingRequestOutcome record(User user, Plan plan, String publicKey, Optional<String> privateKey) {
        Set<SiteName> sitesInUse = new HashSet<>(hostings.siteNamesInUse());
        Set<Integer> portsInUse = new HashSet<>(hostings.sshPortsInUse());
        Set<Ipv4Address> addressesInUse = new HashSet<>(hostings.addressesInUse());
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<SiteName> site = freeSiteName(user, sitesInUse);
            if (site.isEmpty()) {
                return new HostingRequestOutcome.CapacityExhausted("no free site name could be derived");
            }
            List<Hypervisor.Resource> left = leftovers.apply(site.get());
            if (!left.isEmpty()) {
                LOG.warn("refused site name {} to user {}: the hypervisor still holds {} (see the orphan report)",
                        site.get(), user.id().value(), left.stream().map(Hypervisor.Resource::describe).toList());
                return new HostingRequestOutcome.SiteNameHasLeftovers(site.get());
            }
            int port;
            PortAllocation portAllocation = ports.allocate(p -> portsInUse.contains(p) || hostPorts.isListening(p),
                    random);
            if (portAllocation instanceof PortAllocation.Allocated freePort) {
                port = freePort.port();
            } else if (portAllocation instanceof PortAllocation.Exhausted exhausted) {
                return new HostingRequestOutcome.CapacityExhausted(exhausted.reason());
            } else {
                throw new AssertionError("unhandled port allocation: " + portAllocation);
            }
            Ipv4Address address;
            AddressAllocation addressAllocation = addresses.allocate(addressesInUse::contains, random);
            if (addressAllocation instanceof AddressAllocation.Allocated freeAddress) {
                address = freeAddress.address();
            } else if (addressAllocation instanceof AddressAllocation.Exhausted exhausted) {
                return new HostingRequestOutcome.CapacityExhausted(exhausted.reason());
            } else {
                throw new AssertionError("unhandled address allocation: " + addressAllocation);
            }
            NewHosting candidate = new NewHosting(user.id(), site.get(), address, port, plan, publicKey,
                    clock.now());
            Hostings.Creation creation = hostings.create(candidate);
            if (creation instanceof Hostings.Creation.Created created) {
                Hosting started = startProvisioning(created.hosting());
                if (!accepted.test(started)) {
                    hostings.remove(started.id());
                    return new HostingRequestOutcome.CapacityExhausted(
                            "the provisioning queue is full; try again in a few minutes");
                }
                return new HostingRequestOutcome.Accepted(endpoints.view(started), privateKey, false);
            } else if (creation instanceof Hostings.Creation.OwnerHasOne) {
                return new HostingRequestOutcome.AlreadyHasHosting();
            } else if (creation instanceof Hostings.Creation.SiteNameTaken) {
                // Someone else took the name, port or address between our read and our write: learn and retry.
                sitesInUse.add(candidate.site());
                sitesInUse.addAll(hostings.siteNamesInUse());
            } else if (creation instanceof Hostings.Creation.PortTaken) {
                portsInUse.add(candidate.sshPort());
                portsInUse.addAll(hostings.sshPortsInUse());
            } else if (creation instanceof Hostings.Creation.AddressTaken) {
                addressesInUse.add(candidate.address());
                addressesInUse.addAll(hostings.addressesInUse());
            } else {
                throw new AssertionError("unhandled creation: " + creation);
            }
        }
        return new HostingRequestOutcome.CapacityExhausted("too many concurrent requests; try again");
    }

    /**
     * The answer says "provisioning" at once: the request is accepted and the work has begun, even while the
     * hosting still waits for a worker slot. Should the write lose a race with a deletion, the stored state wins.
     */
    private Hosting startProvisioning(Hosting pending) {
        Transition transition = pending.startProvisioning(clock.now());
        if (transition instanceof Transition.Applied applied) {
            if (hostings.replace(applied.hosting(), HostingStatus.PENDING)) {
                return applied.hosting();
            }
        } else if (!(transition instanceof Transition.Refused)) {
            throw new AssertionError("unhandled transition: " + transition);
        }
        return hostings.byId(pending.id()).orElse(pending);
    }

    /** The first candidate name that is neither taken nor reserved (built-in names and configured host labels). */
    private Optional<SiteName> freeSiteName(User user, Set<SiteName> inUse) {
        for (int attempt = 0; attempt < MAX_SITE_CANDIDATES; attempt++) {
            SiteName candidate = siteNames.candidate(user.username().value(), attempt);
            if (!inUse.contains(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
