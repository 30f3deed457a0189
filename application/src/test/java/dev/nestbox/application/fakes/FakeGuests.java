package dev.nestbox.application.fakes;

import dev.nestbox.application.port.out.GuestProvisioner;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.SiteName;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Guests that answer as the test says. A guest that is not ready "waits" its whole timeout by moving the fake
 * clock, as a real probe would, so deadlines pass without real waiting.
 */
public final class FakeGuests implements GuestProvisioner {
    public static final String PROVISIONING_KEY = "ssh-ed25519 AAAAprovisioning nestbox";
    private final EventLog log;
    private final FakeClock clock;
    private final Map<String, Function<Ipv4Address, Readiness>> probes = new ConcurrentHashMap<>();
    private final Map<String, Runnable> hooks = new ConcurrentHashMap<>();
    private final Map<SiteName, String> configured = new HashMap<>();
    private final Set<SiteName> forgotten = new HashSet<>();
    private final Set<SiteName> prepared = new HashSet<>();

    public FakeGuests(EventLog log, FakeClock clock) {
        this.log = log;
        this.clock = clock;
    }

    /** {@code kind} is "ssh" or "http". */
    public void answer(String kind, Function<Ipv4Address, Readiness> probe) {
        probes.put(kind, probe);
    }

    /** {@code operation} is "awaitSsh", "prepare", "configure", "awaitHttp" or "forget"; runs inside the call. */
    public void on(String operation, Runnable hook) {
        hooks.put(operation, hook);
    }

    @Override
    public String provisioningPublicKey() {
        return PROVISIONING_KEY;
    }

    @Override
    public Readiness awaitSsh(Ipv4Address address, Duration timeout) {
        return probe("ssh", "awaitSsh", address, timeout);
    }

    @Override
    public Readiness awaitHttp(Ipv4Address address, Duration timeout) {
        return probe("http", "awaitHttp", address, timeout);
    }

    private Readiness probe(String kind, String operation, Ipv4Address address, Duration timeout) {
        log.add("guests." + operation + " " + address);
        hooks.getOrDefault(operation, () -> { }).run();
        Readiness readiness = probes.getOrDefault(kind, a -> new Readiness.Ready()).apply(address);
        if (readiness instanceof Readiness.NotReady) {
            clock.advance(timeout);
        }
        return readiness;
    }

    @Override
    public void prepare(SiteName machine, Ipv4Address address) {
        log.add("guests.prepare " + machine + " " + address);
        hooks.getOrDefault("prepare", () -> { }).run();
        synchronized (this) {
            prepared.add(machine);
        }
    }

    @Override
    public void configure(SiteName machine, SiteName site, Ipv4Address address, String tenantPublicKey) {
        log.add("guests.configure " + site + (machine.equals(site) ? "" : " on " + machine) + " " + address);
        hooks.getOrDefault("configure", () -> { }).run();
        synchronized (this) {
            configured.put(site, tenantPublicKey);
        }
    }

    @Override
    public void forget(SiteName site) {
        log.add("guests.forget " + site);
        hooks.getOrDefault("forget", () -> { }).run();
        synchronized (this) {
            configured.remove(site);
            forgotten.add(site);
        }
    }

    public synchronized Map<SiteName, String> configured() {
        return Map.copyOf(configured);
    }

    public synchronized Set<SiteName> prepared() {
        return Set.copyOf(prepared);
    }

    public synchronized Set<SiteName> forgotten() {
        return Set.copyOf(forgotten);
    }
}
