package dev.nestbox.application.fakes;

import dev.nestbox.application.port.out.Hypervisor;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.SiteName;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Disks and machines as maps, each with the hosting it was made for. Hooks let a test block or break an operation
 * mid-way; a destroy that runs while a create or start of the same site is in progress is recorded as an
 * interleaving, which must never happen. Like the real one, it refuses a site whose name another hosting's (or no
 * hosting's) leftover still holds, and destroys only what carries the given hosting id or none.
 */
public final class FakeHypervisor implements Hypervisor {
    private final EventLog log;
    private final Map<SiteName, HostingId> disks = new HashMap<>();
    private final Map<SiteName, Machine> machines = new HashMap<>();
    private final List<Resource> strays = new ArrayList<>();
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

    /** A running machine that carries no hosting id (left by a crash before ids were recorded, or by hand). */
    public synchronized void addStray(SiteName site) {
        strays.add(new Resource(Kind.MACHINE, "nestbox-" + site.value(), site, Optional.empty()));
    }

    /** Something an earlier hosting left behind: a machine, disk or seed with its id (or none). */
    public synchronized void addLeftover(Resource leftover) {
        strays.add(leftover);
    }

    @Override
    public void prepare() {
        log.add("hypervisor.prepare");
    }

    @Override
    public boolean canBoot(String image) {
        return true;
    }

    @Override
    public void createDisk(Machine machine) {
        making("createDisk", machine.site(), () -> {
            refuseForeign(machine);
            disks.put(machine.site(), machine.hosting());
        });
    }

    @Override
    public void start(Machine machine) {
        making("start", machine.site(), () -> {
            refuseForeign(machine);
            if (!machine.hosting().equals(disks.get(machine.site()))) {
                throw new IllegalStateException("fake hypervisor: no disk for " + machine.site());
            }
            machines.put(machine.site(), machine);
        });
    }

    private void refuseForeign(Machine machine) {
        for (Resource resource : resourcesLocked(machine.site())) {
            if (!resource.ownedBy(machine.hosting())) {
                throw new ForeignLeftover(machine.hosting(), resource);
            }
        }
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

    /** The machine of {@code site} vanishes (killed, undefined by hand); its disk stays. */
    public synchronized void lose(SiteName site) {
        machines.remove(site);
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
        boolean stray = strays.stream().anyMatch(r -> r.kind() == Kind.MACHINE && r.site().equals(site));
        return machines.containsKey(site) || stray ? MachineState.RUNNING : MachineState.ABSENT;
    }

    @Override
    public void destroy(HostingId hosting, SiteName site) {
        log.add("hypervisor.destroy " + site);
        if (busy.contains(site)) {
            synchronized (this) {
                interleavings.add("destroy of " + site + " while it was being created");
            }
        }
        hooks.getOrDefault("destroy", s -> { }).accept(site);
        synchronized (this) {
            Machine machine = machines.get(site);
            if (machine != null && machine.hosting().equals(hosting)) {
                machines.remove(site);
            }
            if (hosting.equals(disks.get(site))) {
                disks.remove(site);
            }
            strays.removeIf(r -> r.site().equals(site) && r.hosting().map(hosting::equals).orElse(true));
        }
    }

    @Override
    public synchronized List<SiteName> machines() {
        List<SiteName> all = new ArrayList<>(machines.keySet());
        strays.stream().filter(r -> r.kind() == Kind.MACHINE).map(Resource::site).forEach(all::add);
        return all;
    }

    @Override
    public synchronized List<Resource> resources() {
        List<Resource> all = new ArrayList<>();
        machines.values().forEach(m -> all.add(new Resource(Kind.MACHINE, "nestbox-" + m.site().value(), m.site(),
                Optional.of(m.hosting()))));
        disks.forEach((site, id) -> all.add(new Resource(Kind.DISK, site.value() + "." + id.value() + ".qcow2", site,
                Optional.of(id))));
        all.addAll(strays);
        return all;
    }

    @Override
    public synchronized List<Resource> resources(SiteName site) {
        return resourcesLocked(site);
    }

    private List<Resource> resourcesLocked(SiteName site) {
        return resources().stream().filter(r -> r.site().equals(site)).toList();
    }

    public synchronized Set<SiteName> disks() {
        return Set.copyOf(disks.keySet());
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
