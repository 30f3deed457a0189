package dev.nestbox.application.fakes;

import dev.nestbox.application.port.out.DependencyFailure;
import dev.nestbox.application.port.out.Hostings;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.HostingStatus;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.NewHosting;
import dev.nestbox.domain.hosting.ProvisioningStep;
import dev.nestbox.domain.hosting.SiteName;
import dev.nestbox.domain.user.UserId;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** The store's constraints (one per owner, unique site, port, address) and its guarded replace, in memory. */
public final class InMemoryHostings implements Hostings {
    private final Map<HostingId, Hosting> rows = new LinkedHashMap<>();
    private final Set<UserId> deletedUsers = new HashSet<>();
    private final Map<HostingId, List<Hosting>> history = new HashMap<>();
    private final Deque<Consumer<NewHosting>> beforeCreate = new ArrayDeque<>();
    private final EventLog log;
    private long nextId = 1;
    private int createCalls;
    private final Map<String, Integer> faults = new HashMap<>();

    public InMemoryHostings(EventLog log) {
        this.log = log;
    }

    public InMemoryHostings() {
        this(new EventLog());
    }

    /** Runs once, just before the next create checks its constraints: a competing request that wins the race. */
    public synchronized void beforeNextCreate(Consumer<NewHosting> competitor) {
        beforeCreate.add(competitor);
    }

    /** The next {@code times} calls of {@code operation} ("byId", "replace", "inStatus") throw: a database blip. */
    public synchronized void failNext(String operation, int times) {
        faults.merge(operation, times, Integer::sum);
    }

    private void maybeFail(String operation) {
        Integer left = faults.get(operation);
        if (left != null && left > 0) {
            faults.put(operation, left - 1);
            log.add("hostings." + operation + " threw");
            throw new DependencyFailure("database", "fake store: the connection was lost during " + operation);
        }
    }

    @Override
    public Creation create(NewHosting hosting) {
        Consumer<NewHosting> competitor;
        synchronized (this) {
            createCalls++;
            competitor = beforeCreate.poll();
        }
        if (competitor != null) {
            competitor.accept(hosting);
        }
        synchronized (this) {
            if (hosting.owner().isPresent()
                    && rows.values().stream().anyMatch(h -> h.owner().equals(hosting.owner()))) {
                return new Creation.OwnerHasOne();
            }
            if (rows.values().stream().anyMatch(h -> h.site().equals(hosting.site())
                    || h.machine().equals(hosting.site()))) {
                return new Creation.SiteNameTaken();
            }
            if (rows.values().stream().anyMatch(h -> h.sshPort() == hosting.sshPort())) {
                return new Creation.PortTaken();
            }
            if (rows.values().stream().anyMatch(h -> h.address().equals(hosting.address()))) {
                return new Creation.AddressTaken();
            }
            Hosting created = Hosting.pending(new HostingId(nextId++), hosting);
            put(created);
            return new Creation.Created(created);
        }
    }

    /** Stores a hosting as it is, bypassing the constraints: a state left by an earlier run. */
    public synchronized Hosting insert(Hosting hosting) {
        nextId = Math.max(nextId, hosting.id().value() + 1);
        put(hosting);
        return hosting;
    }

    private void put(Hosting hosting) {
        rows.put(hosting.id(), hosting);
        history.computeIfAbsent(hosting.id(), id -> new ArrayList<>()).add(hosting);
    }

    /**
     * Users are not kept here: every user exists until {@link #deleteUser} removes one, with their hosting, as the
     * database's cascade would.
     */
    @Override
    public synchronized UserHosting ofUser(UserId user) {
        if (deletedUsers.contains(user)) {
            return new UserHosting.UnknownUser();
        }
        return byOwner(user).<UserHosting>map(UserHosting.Owns::new).orElseGet(UserHosting.NoHosting::new);
    }

    public synchronized void deleteUser(UserId user) {
        deletedUsers.add(user);
        rows.values().removeIf(h -> h.owner().equals(Optional.of(user)));
    }

    @Override
    public synchronized Optional<Hosting> byOwner(UserId owner) {
        return rows.values().stream().filter(h -> h.owner().equals(Optional.of(owner))).findFirst();
    }

    @Override
    public synchronized Optional<Hosting> byId(HostingId id) {
        maybeFail("byId");
        return Optional.ofNullable(rows.get(id));
    }

    @Override
    public synchronized Optional<Hosting> bySite(SiteName site) {
        return rows.values().stream().filter(h -> h.site().equals(site)).findFirst();
    }

    @Override
    public synchronized List<Hosting> all() {
        return List.copyOf(rows.values());
    }

    @Override
    public synchronized List<Hosting> inStatus(Set<HostingStatus> statuses) {
        maybeFail("inStatus");
        return rows.values().stream().filter(h -> statuses.contains(h.status())).toList();
    }

    @Override
    public synchronized boolean replace(Hosting next, HostingStatus expected) {
        maybeFail("replace");
        Hosting stored = rows.get(next.id());
        if (stored == null || stored.status() != expected) {
            return false;
        }
        put(next);
        log.add("hostings.replace " + next.site() + " " + next.status().label() + " " + next.step().label());
        return true;
    }

    @Override
    public synchronized Claim claim(Hosting claimed) {
        maybeFail("claim");
        Hosting stored = rows.get(claimed.id());
        if (stored == null || stored.status() != HostingStatus.SPARE || !stored.spare()) {
            return new Claim.Gone();
        }
        if (rows.values().stream().anyMatch(h -> h.owner().equals(claimed.owner()))) {
            return new Claim.OwnerHasOne();
        }
        if (rows.values().stream().anyMatch(h -> !h.id().equals(claimed.id())
                && (h.site().equals(claimed.site()) || h.machine().equals(claimed.site())))) {
            return new Claim.SiteNameTaken();
        }
        put(claimed);
        log.add("hostings.claim " + claimed.machine() + " as " + claimed.site());
        return new Claim.Claimed(claimed);
    }

    @Override
    public synchronized void remove(HostingId id) {
        Hosting removed = rows.remove(id);
        log.add("hostings.remove " + (removed == null ? id.value() : removed.site()));
    }

    @Override
    public synchronized Set<Integer> sshPortsInUse() {
        return rows.values().stream().map(Hosting::sshPort).collect(Collectors.toSet());
    }

    @Override
    public synchronized Set<Ipv4Address> addressesInUse() {
        return rows.values().stream().map(Hosting::address).collect(Collectors.toSet());
    }

    @Override
    public synchronized Set<SiteName> siteNamesInUse() {
        Set<SiteName> names = rows.values().stream().map(Hosting::site).collect(Collectors.toSet());
        rows.values().forEach(h -> names.add(h.machine()));
        return names;
    }

    @Override
    public synchronized Usage usage() {
        List<Hosting> live = rows.values().stream().filter(h -> h.status().holdsMachine()).toList();
        return new Usage(live.size(), live.stream().mapToLong(Hosting::memoryMib).sum());
    }

    /** Every version of the hosting ever stored, oldest first. */
    public synchronized List<Hosting> history(HostingId id) {
        return List.copyOf(history.getOrDefault(id, List.of()));
    }

    /** The steps recorded for the hosting, in order, without repeats of the same version. */
    public synchronized List<ProvisioningStep> recordedSteps(HostingId id) {
        return history(id).stream().map(Hosting::step).toList();
    }

    public synchronized int createCalls() {
        return createCalls;
    }
}
