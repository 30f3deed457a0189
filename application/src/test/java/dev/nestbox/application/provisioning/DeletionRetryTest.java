package dev.nestbox.application.provisioning;

import dev.nestbox.application.fakes.Host;
import dev.nestbox.application.port.out.DependencyFailure;
import dev.nestbox.application.port.out.ReverseProxy;
import dev.nestbox.application.service.DeleteHostingService;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.HostingStatus;
import dev.nestbox.domain.hosting.ProvisioningStep;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.nestbox.application.fakes.Host.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A deletion whose teardown failed is finished by the worker's sweeper, backing off between tries. */
class DeletionRetryTest {
    private static final Duration SWEEP = Duration.ofMillis(5);
    private final Host host = new Host();
    private final ProvisioningWorker worker = host.worker(Host.settings(2, 10).withSweepInterval(SWEEP));

    @AfterEach
    void close() {
        worker.close();
    }

    @Test
    void a_delete_whose_teardown_failed_is_retried_with_growing_pauses_until_nothing_is_left() {
        AtomicInteger destroys = new AtomicInteger();
        host.hypervisor.on("destroy", site -> {
            if (destroys.incrementAndGet() <= 3) {
                throw new DependencyFailure("hypervisor", "libvirt is not answering");
            }
        });
        Hosting alice = host.store(1, "alice", HostingStatus.RUNNING, ProvisioningStep.DONE);
        host.proxy.plant(new ReverseProxy.Route(alice.site(), alice.address(), alice.sshPort()));
        DeleteHostingService deletions = new DeleteHostingService(host.hostings, host.teardown);

        assertThatThrownBy(() -> deletions.forceDelete(alice.site())).isInstanceOf(DependencyFailure.class);
        assertThat(host.stored(alice).status()).isEqualTo(HostingStatus.DELETING);

        worker.start();
        assertThat(destroys).as("start tries the deletion at once").hasValue(2);
        assertThat(worker.failedDeletionTries(alice.id())).isEqualTo(1);

        // The clock stands still, so sweeps come and go without trying again before the pause is over.
        assertNoTryDuringSweeps(destroys, 2);
        host.clock.advance(SWEEP);
        eventually(() -> worker.failedDeletionTries(alice.id()) == 2, "a second try after one sweep interval");
        assertThat(destroys).hasValue(3);

        // The pause doubled: one more interval is not enough any more, two are.
        host.clock.advance(SWEEP);
        assertNoTryDuringSweeps(destroys, 3);
        host.clock.advance(SWEEP);
        eventually(() -> host.nothingLeftOf(alice.site()), "the deletion is finished");
        assertThat(destroys).hasValue(4);
        // The row goes inside the teardown; the worker forgets the retry just after it returns.
        eventually(() -> worker.failedDeletionTries(alice.id()) == 0, "the finished deletion's retry is forgotten");

        long sweeps = worker.sweeps();
        eventually(() -> worker.sweeps() >= sweeps + 3, "more sweeps");
        assertThat(destroys).as("a finished deletion is not tried again").hasValue(4);
    }

    @Test
    void the_pause_doubles_up_to_its_ceiling() {
        Duration first = Duration.ofSeconds(30);
        assertThat(ProvisioningWorker.deletionPause(1, first)).isEqualTo(first);
        assertThat(ProvisioningWorker.deletionPause(2, first)).isEqualTo(Duration.ofMinutes(1));
        assertThat(ProvisioningWorker.deletionPause(4, first)).isEqualTo(Duration.ofMinutes(4));
        assertThat(ProvisioningWorker.deletionPause(7, first)).isEqualTo(ProvisioningWorker.MAX_DELETION_BACKOFF);
        assertThat(ProvisioningWorker.deletionPause(1_000, first)).isEqualTo(ProvisioningWorker.MAX_DELETION_BACKOFF);
    }

    private void assertNoTryDuringSweeps(AtomicInteger destroys, int expected) {
        long sweeps = worker.sweeps();
        eventually(() -> worker.sweeps() >= sweeps + 4, "four more sweeps");
        assertThat(destroys).as("no try before the pause is over").hasValue(expected);
    }
}
