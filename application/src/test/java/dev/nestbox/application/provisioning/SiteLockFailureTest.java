package dev.nestbox.application.provisioning;

import dev.nestbox.application.fakes.Host;
import dev.nestbox.application.port.out.DependencyFailure;
import dev.nestbox.application.port.out.SiteMutex;
import dev.nestbox.application.service.HostingTeardown;
import dev.nestbox.application.service.SiteLocks;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.HostingStatus;
import dev.nestbox.domain.hosting.ProvisioningStep;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.nestbox.application.fakes.Host.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/** A site lock that cannot be taken (its database is away) is a store failure: retried, never a failed hosting. */
class SiteLockFailureTest {
    private final Host host = new Host();
    private final AtomicInteger acquisitions = new AtomicInteger();
    // The claim gets the site; the first step's lock is refused.
    private final SiteLocks locks = new SiteLocks(site -> {
        if (acquisitions.incrementAndGet() == 2) {
            throw new DependencyFailure("database", "connection refused");
        }
        return () -> { };
    });
    private final ProvisioningWorker worker = new ProvisioningWorker(host.hostings, host.hypervisor, host.guests,
            host.proxy, host.clock, locks, new HostingTeardown(host.hostings, host.hypervisor, host.proxy, host.guests,
            host.clock, locks), Host.settings(1, 10).withSweepInterval(Duration.ofMillis(5)));

    @AfterEach
    void close() {
        worker.close();
    }

    @Test
    void steps_that_cannot_lock_their_site_are_taken_up_again_and_the_hosting_runs() {
        Hosting alice = host.store(1, "alice", HostingStatus.PROVISIONING, ProvisioningStep.CREATE_DISK);

        worker.start();

        eventually(() -> host.stored(alice).status() == HostingStatus.RUNNING, "alice runs");
        assertThat(acquisitions.get()).as("the refusal was met").isGreaterThan(2);
        assertThat(host.stored(alice).failureReason()).isEmpty();
        assertThat(host.log.startingWith("hypervisor.destroy")).isEmpty();
        assertThat(host.log.startingWith("hypervisor.createDisk")).hasSize(1);
    }
}
