package dev.nestbox.application.provisioning;

import dev.nestbox.application.fakes.Host;
import dev.nestbox.application.health.Dependencies;
import dev.nestbox.application.port.out.DependencyFailure;
import dev.nestbox.application.port.out.Hypervisor;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.HostingStatus;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.ProvisioningStep;
import dev.nestbox.domain.hosting.SiteName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.nestbox.application.fakes.Host.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/** A hypervisor that is down makes provisioning wait, never fail; it resumes by itself when the hypervisor is back. */
class DependencyOutageTest {
    private final Host host = new Host();
    private final Outage hypervisor = new Outage(host.hypervisor);
    private final ProvisioningWorker worker = new ProvisioningWorker(host.hostings, hypervisor, host.guests, host.proxy,
            host.clock, host.locks, host.teardown, Host.settings(2, 10).withSweepInterval(Duration.ofMillis(5)),
            new Dependencies(List.of(new Dependencies.Probe("hypervisor", hypervisor::prepare))));

    @AfterEach
    void close() {
        worker.close();
    }

    private HostingStatus status(Hosting hosting) {
        return host.stored(hosting).status();
    }

    @Test
    void a_hosting_requested_while_the_hypervisor_is_down_waits_pending_and_provisions_once_it_is_back() {
        hypervisor.down.set(true);
        worker.start();
        Hosting alice = host.store(1, "alice", HostingStatus.PENDING, ProvisioningStep.QUEUED);

        assertThat(worker.offer(alice)).isTrue();
        int probed = hypervisor.prepares.get();
        eventually(() -> hypervisor.prepares.get() >= probed + 3, "the sweeper probes the hypervisor again");
        eventually(() -> worker.inFlight() == 0, "the offered hosting is put back");

        assertThat(status(alice)).isEqualTo(HostingStatus.PENDING);
        assertThat(worker.outage()).hasValueSatisfying(outage ->
                assertThat(outage).contains("hypervisor unavailable", "connection refused"));
        assertThat(hypervisor.makes).hasValue(0);

        hypervisor.down.set(false);
        eventually(() -> status(alice) == HostingStatus.RUNNING, "alice provisions once the hypervisor is back");
        assertThat(worker.outage()).isEmpty();
    }

    @Test
    void a_hypervisor_lost_in_the_middle_of_provisioning_leaves_the_hosting_at_the_step_it_failed_until_it_is_back() {
        worker.start();
        host.hypervisor.on("createDisk", site -> hypervisor.down.set(true));
        Hosting alice = host.store(1, "alice", HostingStatus.PENDING, ProvisioningStep.QUEUED);

        worker.offer(alice);
        eventually(() -> worker.outage().isPresent(), "the worker notices the outage");
        host.hypervisor.on("createDisk", site -> { });
        int probed = hypervisor.prepares.get();
        eventually(() -> hypervisor.prepares.get() >= probed + 3, "the sweeper probes the hypervisor again");

        Hosting waiting = host.stored(alice);
        assertThat(waiting.status()).isEqualTo(HostingStatus.PROVISIONING);
        assertThat(waiting.step()).as("the step that met the outage is redone").isEqualTo(ProvisioningStep.CREATE_DISK);
        assertThat(waiting.failureReason()).isEmpty();

        hypervisor.down.set(false);
        eventually(() -> status(alice) == HostingStatus.RUNNING, "alice provisions once the hypervisor is back");
    }

    @Test
    void a_step_that_fails_while_every_dependency_answers_still_fails_its_hosting() {
        worker.start();
        host.hypervisor.on("start", site -> {
            throw new DependencyFailure("hypervisor", "qemu: cannot allocate memory");
        });
        Hosting alice = host.store(1, "alice", HostingStatus.PENDING, ProvisioningStep.QUEUED);

        worker.offer(alice);
        eventually(() -> status(alice) == HostingStatus.FAILED, "alice fails");

        assertThat(host.stored(alice).failureReason()).hasValueSatisfying(reason ->
                assertThat(reason).contains("cannot allocate memory"));
        assertThat(worker.outage()).isEmpty();
    }

    @Test
    void a_hosting_left_provisioning_by_the_last_run_gets_its_whole_deadline_after_an_outage_at_start() {
        Hosting alice = host.store(1, "alice", HostingStatus.PROVISIONING, ProvisioningStep.CREATE_DISK);
        hypervisor.down.set(true);
        worker.start();
        host.clock.advance(Duration.ofMinutes(10));

        hypervisor.down.set(false);

        eventually(() -> status(alice) == HostingStatus.RUNNING, "alice provisions, her deadline counting afresh");
    }

    @Test
    void deletions_left_by_the_last_run_wait_for_the_hypervisor_too() {
        Hosting bob = host.store(2, "bob", HostingStatus.DELETING, ProvisioningStep.DONE);
        hypervisor.down.set(true);

        worker.start();
        int probed = hypervisor.prepares.get();
        eventually(() -> hypervisor.prepares.get() >= probed + 3, "the sweeper probes the hypervisor again");
        assertThat(host.hostings.byId(bob.id())).isPresent();

        hypervisor.down.set(false);
        eventually(() -> host.hostings.byId(bob.id()).isEmpty(), "bob's deletion finishes once the hypervisor is back");
    }

    /** The fake hypervisor behind a switch: while down, every call fails as libvirt does with libvirtd stopped. */
    private static final class Outage implements Hypervisor {
        final AtomicBoolean down = new AtomicBoolean();
        final AtomicInteger prepares = new AtomicInteger();
        final AtomicInteger makes = new AtomicInteger();
        private final Hypervisor real;

        Outage(Hypervisor real) {
            this.real = real;
        }

        private void answer() {
            if (down.get()) {
                throw new DependencyFailure("hypervisor", "cannot connect to libvirt: connection refused");
            }
        }

        @Override
        public void prepare() {
            prepares.incrementAndGet();
            answer();
            real.prepare();
        }

        @Override
        public boolean canBoot(String image) {
            return true;
        }

        @Override
        public void createDisk(Machine machine) {
            makes.incrementAndGet();
            answer();
            real.createDisk(machine);
            answer();
        }

        @Override
        public void start(Machine machine) {
            makes.incrementAndGet();
            answer();
            real.start(machine);
        }

        @Override
        public MachineState state(SiteName site) {
            answer();
            return real.state(site);
        }

        @Override
        public Set<SiteName> isolate(Map<SiteName, Ipv4Address> addresses) {
            answer();
            return real.isolate(addresses);
        }

        @Override
        public void destroy(HostingId hosting, SiteName site) {
            answer();
            real.destroy(hosting, site);
        }

        @Override
        public List<Resource> resources() {
            answer();
            return real.resources();
        }

        @Override
        public List<Resource> resources(SiteName site) {
            answer();
            return real.resources(site);
        }

        @Override
        public List<SiteName> machines() {
            answer();
            return real.machines();
        }
    }
}
