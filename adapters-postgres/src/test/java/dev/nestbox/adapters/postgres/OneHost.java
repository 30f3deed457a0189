package dev.nestbox.adapters.postgres;

import dev.nestbox.application.port.out.GuestProvisioner;
import dev.nestbox.application.port.out.Hypervisor;
import dev.nestbox.application.port.out.ReverseProxy;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.SiteName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One machine room that several Nestbox processes share: its hypervisor, proxy and guests, in memory, recording
 * every call in one ordered log. Each call that makes or unmakes something of a site counts as work on that site;
 * {@link #mostAtOnce()} says how many ever overlapped for one site, which must never exceed one. Its routes count
 * apart from its machine and guest: one process publishes them while it sets the guest up, under the site's lock.
 */
final class OneHost {
    final Machines hypervisor = new Machines();
    final Routes proxy = new Routes();
    final Guests guests = new Guests();
    private final List<String> log = new ArrayList<>();
    private final Map<SiteName, AtomicInteger> working = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> workingPerPart = new ConcurrentHashMap<>();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private final Map<String, Consumer<SiteName>> hooks = new ConcurrentHashMap<>();

    /** {@code operation} ("createDisk", "start", "destroy", ...) runs the hook inside the call, before its effect. */
    void on(String operation, Consumer<SiteName> hook) {
        hooks.put(operation, hook);
    }

    synchronized List<String> log() {
        return List.copyOf(log);
    }

    /** Calls of one site's work in progress right now. */
    int workingOn(SiteName site) {
        return working.computeIfAbsent(site, s -> new AtomicInteger()).get();
    }

    int mostAtOnce() {
        return mostAtOnce.get();
    }

    synchronized boolean nothingOf(SiteName site) {
        return !hypervisor.disks.contains(site) && !hypervisor.machines.contains(site)
                && !proxy.routes.containsKey(site);
    }

    private void work(String operation, SiteName site, Runnable effect) {
        AtomicInteger count = working.computeIfAbsent(site, s -> new AtomicInteger());
        count.incrementAndGet();
        boolean routes = operation.equals("publish") || operation.equals("withdraw");
        AtomicInteger part = workingPerPart.computeIfAbsent(site + (routes ? " routes" : " machine"),
                s -> new AtomicInteger());
        mostAtOnce.accumulateAndGet(part.incrementAndGet(), Math::max);
        record(operation + " " + site + " begins");
        try {
            hooks.getOrDefault(operation, s -> { }).accept(site);
            synchronized (this) {
                effect.run();
            }
        } finally {
            record(operation + " " + site + " ends");
            part.decrementAndGet();
            count.decrementAndGet();
        }
    }

    private synchronized void record(String event) {
        log.add(event);
    }

    final class Machines implements Hypervisor {
        private final Set<SiteName> disks = new HashSet<>();
        private final Set<SiteName> machines = new HashSet<>();

        @Override
        public void prepare() {
        }

        @Override
        public boolean canBoot(String image) {
            return true;
        }

        @Override
        public void createDisk(Machine machine) {
            work("createDisk", machine.site(), () -> disks.add(machine.site()));
        }

        @Override
        public void start(Machine machine) {
            work("start", machine.site(), () -> machines.add(machine.site()));
        }

        @Override
        public MachineState state(SiteName site) {
            synchronized (OneHost.this) {
                return machines.contains(site) ? MachineState.RUNNING : MachineState.ABSENT;
            }
        }

        @Override
        public Set<SiteName> isolate(Map<SiteName, Ipv4Address> addresses) {
            return Set.of();
        }

        @Override
        public void destroy(HostingId hosting, SiteName site) {
            work("destroy", site, () -> {
                machines.remove(site);
                disks.remove(site);
            });
        }

        @Override
        public List<SiteName> machines() {
            synchronized (OneHost.this) {
                return List.copyOf(machines);
            }
        }

        @Override
        public List<Resource> resources() {
            return List.of();
        }

        @Override
        public List<Resource> resources(SiteName site) {
            return List.of();
        }
    }

    final class Routes implements ReverseProxy {
        private final Map<SiteName, Route> routes = new HashMap<>();

        @Override
        public void publish(Route route) {
            work("publish", route.site(), () -> routes.put(route.site(), route));
        }

        @Override
        public void withdraw(SiteName site) {
            work("withdraw", site, () -> routes.remove(site));
        }

        @Override
        public Reconciliation reconcile(Collection<Route> desired) {
            throw new UnsupportedOperationException("no reconciler runs in these tests");
        }

        @Override
        public List<Published> published() {
            throw new UnsupportedOperationException("no orphan report runs in these tests");
        }
    }

    final class Guests implements GuestProvisioner {
        @Override
        public String provisioningPublicKey() {
            return "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHByb3Zpc2lvbmluZw== nestbox";
        }

        @Override
        public Readiness awaitSsh(Ipv4Address address, Duration timeout) {
            return new Readiness.Ready();
        }

        @Override
        public void prepare(SiteName machine, Ipv4Address address) {
            work("prepare", machine, () -> { });
        }

        @Override
        public void configure(SiteName machine, SiteName site, Ipv4Address address, String tenantPublicKey) {
            work("configure", site, () -> { });
        }

        @Override
        public Readiness awaitHttp(Ipv4Address address, Duration timeout) {
            return new Readiness.Ready();
        }

        @Override
        public void forget(SiteName site) {
            work("forget", site, () -> { });
        }
    }
}
