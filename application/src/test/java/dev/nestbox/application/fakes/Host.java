package dev.nestbox.application.fakes;

import dev.nestbox.domain.plan.Plan;
import dev.nestbox.application.provisioning.ProvisioningSettings;
import dev.nestbox.application.provisioning.ProvisioningWorker;
import dev.nestbox.application.service.HostingTeardown;
import dev.nestbox.application.service.SiteLocks;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.HostingStatus;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.ProvisioningStep;
import dev.nestbox.domain.hosting.SiteName;
import dev.nestbox.domain.user.UserId;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** A whole host made of fakes, sharing one event log and one clock, as bootstrap wires the real one. */
public final class Host {
    public static final String TENANT_KEY = "ssh-ed25519 AAAAtenant";
    public final EventLog log = new EventLog();
    public final FakeClock clock = new FakeClock();
    public final InMemoryHostings hostings = new InMemoryHostings(log);
    public final FakeHypervisor hypervisor = new FakeHypervisor(log);
    public final FakeGuests guests = new FakeGuests(log, clock);
    public final FakeProxy proxy = new FakeProxy(log);
    public final SiteLocks locks = new SiteLocks();
    public final HostingTeardown teardown = new HostingTeardown(hostings, hypervisor, proxy, guests, clock, locks);

    /** Fast settings: a 5 minute deadline on the fake clock, 1 ms between probes. */
    public static ProvisioningSettings settings(int concurrency, int queueSize) {
        return new ProvisioningSettings(concurrency, queueSize, Duration.ofMinutes(5), Duration.ofSeconds(5),
                Duration.ofMillis(1), Duration.ofSeconds(5), Duration.ofMinutes(1));
    }

    public ProvisioningWorker worker(ProvisioningSettings settings) {
        return new ProvisioningWorker(hostings, hypervisor, guests, proxy, clock, locks, teardown, settings);
    }

    public ProvisioningWorker worker() {
        return worker(settings(2, 10));
    }

    /** A stored hosting of user {@code n}, site {@code site}, in the given state, created now. */
    public Hosting store(long n, String site, HostingStatus status, ProvisioningStep step) {
        Hosting hosting = new Hosting(new HostingId(n), new UserId(n), SiteName.of(site),
                Ipv4Address.parse("10.88.0.2").plus((int) n), 20000 + (int) n, new Plan("micro", "micro", 256, 1, 1024), TENANT_KEY, status, step,
                status == HostingStatus.FAILED ? Optional.of("earlier failure") : Optional.empty(),
                clock.now(), clock.now(), Optional.empty());
        return hostings.insert(hosting);
    }

    public Hosting stored(Hosting hosting) {
        return hostings.byId(hosting.id()).orElseThrow(() -> new AssertionError(hosting.site() + " is gone"));
    }

    /** Nothing of the site is left anywhere: no machine, disk, route or row. */
    public boolean nothingLeftOf(SiteName site) {
        return !hypervisor.running().containsKey(site) && !hypervisor.disks().contains(site)
                && !proxy.routes().containsKey(site) && hostings.bySite(site).isEmpty();
    }

    /** Polls with real time, for conditions reached by the worker's threads. */
    public static void eventually(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what);
            }
        }
    }
}
