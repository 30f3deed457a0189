package dev.nestbox.application.fakes;

import dev.nestbox.application.port.out.Hypervisor;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.SiteName;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Disks and machines as sets. Hooks let a test block or break an operation mid-way; a destroy that runs while a
 * create or start of the same site is in progress is recorded as an interleaving, which must never happen.
 */
public final class FakeHypervisor implements Hypervisor {
    private final EventLog log;
    private final Set<SiteName> disks = new HashSet<>();
    private final Map<SiteName, Machine> machines = new HashMap<>();
    private final Set<SiteName> strays = new HashSet<>();
    private final Set<SiteName> unisolated = new HashSet<>();
    private final Map<String, Consumer<SiteName>> hooks = new ConcurrentHashMap<>();
    private final Set<SiteName> busy = ConcurrentHashMap.newKeySet();
    private final List<String> interleavings = new ArrayList<>();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger maxActive = new AtomicInteger();

    public FakeHypervisor(EventLog log) {
        this.log = log;
    }

    /** {@code operation} is "createDisk", "start" or "destroy"; the hook runs inside the call, before its effect. */
    public void on(String operation, Consumer<SiteName> hook) {
        hooks.put(operation, hook);
    }

    /** A machine the hypervisor runs that no hosting made (left by a crash, or by hand). */
    public synchronized void addStray(SiteName site) {
        strays.add(site);
    }

    @Override
    public void prepare() {
        log.add("hypervisor.prepare");
    }

    @Override
    public void createDisk(Machine machine) {
        making("createDisk", machine.site(), () -> disks.add(machine.site()));
    }

    @Override
    public void start(Machine machine) {
        making("start", machine.site(), () -> {
            if (!disks.contains(machine.site())) {
                throw new IllegalStateException("fake hypervisor: no disk for " + machine.site());
            }
            machines.put(machine.site(), machine);
        });
    }

    private void making(String operation, SiteName site, Runnable effect) {
        log.add("hypervisor." + operation + " " + site);
        busy.add(site);
        int now = active.incrementAndGet();
        maxActive.accumulateAndGet(now, Math::max);
        try {
            hooks.getOrDefault(operation, s -> { }).accept(site);
            synchronized (this) {
                effect.run();
            }
        } finally {
            active.decrementAndGet();
            busy.remove(site);
        }
    }

    /** The running machine of the site loses its isolation (as if its filter were removed by hand). */
    public synchronized void dropIsolation(SiteName site) {
        unisolated.add(site);
    }

    @Override
    public synchronized Set<SiteName> isolate(Map<SiteName, Ipv4Address> addresses) {
        Set<SiteName> fixed = new HashSet<>();
        for (SiteName site : addresses.keySet()) {
            if (machines.containsKey(site) && unisolated.remove(site)) {
                fixed.add(site);
            }
        }
        return fixed;
    }

    @Override
    public synchronized MachineState state(SiteName site) {
        return machines.containsKey(site) || strays.contains(site) ? MachineState.RUNNING : MachineState.ABSENT;
    }

    @Override
    public void destroy(SiteName site) {
        log.add("hypervisor.destroy " + site);
        if (busy.contains(site)) {
            synchronized (this) {
                interleavings.add("destroy of " + site + " while it was being created");
            }
        }
        hooks.getOrDefault("destroy", s -> { }).accept(site);
        synchronized (this) {
            machines.remove(site);
            disks.remove(site);
            strays.remove(site);
        }
    }

    @Override
    public synchronized List<SiteName> machines() {
        List<SiteName> all = new ArrayList<>(machines.keySet());
        all.addAll(strays);
        return all;
    }

    public synchronized Set<SiteName> disks() {
        return Set.copyOf(disks);
    }

    public synchronized Map<SiteName, Machine> running() {
        return Map.copyOf(machines);
    }

    public synchronized List<String> interleavings() {
        return List.copyOf(interleavings);
    }

    /** Most creates and starts that were in progress at the same moment. */
    public int maxConcurrent() {
        return maxActive.get();
    }
}
