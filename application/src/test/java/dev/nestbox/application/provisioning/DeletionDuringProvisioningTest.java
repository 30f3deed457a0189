package dev.nestbox.application.provisioning;

import dev.nestbox.application.fakes.Host;
import dev.nestbox.application.port.in.DeletionOutcome;
import dev.nestbox.application.service.DeleteHostingService;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.HostingStatus;
import dev.nestbox.domain.hosting.ProvisioningStep;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static dev.nestbox.application.fakes.Host.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The owner deletes while a step is in progress. Whatever the step, nothing may be left afterwards: no machine,
 * disk, route, guest set-up or row, and no destroy may run while the same site's machine is being made.
 */
class DeletionDuringProvisioningTest {
    private final Host host = new Host();
    private final DeleteHostingService deletion = new DeleteHostingService(host.hostings, host.teardown);
    private final AtomicReference<Thread> deleter = new AtomicReference<>();
    private final AtomicReference<DeletionOutcome> outcome = new AtomicReference<>();
    private ProvisioningWorker worker;

    @AfterEach
    void close() {
        if (worker != null) {
            worker.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = ProvisioningStep.class, names = {"CREATE_DISK", "START_VM", "WAIT_SSH", "CONFIGURE_GUEST",
            "WAIT_HTTP", "PUBLISH_ROUTES"})
    void deleting_in_the_middle_of_a_step_leaves_nothing_behind(ProvisioningStep step) throws InterruptedException {
        Hosting alice = host.store(1, "alice", HostingStatus.PROVISIONING, ProvisioningStep.CREATE_DISK);
        Runnable deleteNow = () -> deleteMidStep(alice);
        switch (step) {
            case CREATE_DISK -> host.hypervisor.on("createDisk", site -> deleteNow.run());
            case START_VM -> host.hypervisor.on("start", site -> deleteNow.run());
            case WAIT_SSH -> host.guests.on("awaitSsh", deleteNow);
            case CONFIGURE_GUEST -> host.guests.on("configure", deleteNow);
            case WAIT_HTTP -> host.guests.on("awaitHttp", deleteNow);
            case PUBLISH_ROUTES -> host.proxy.on("publish", site -> deleteNow.run());
            default -> throw new IllegalArgumentException(step.name());
        }
        worker = host.worker();

        worker.submit(alice);
        eventually(() -> deleter.get() != null, "the deletion started");
        deleter.get().join(10_000);
        eventually(() -> worker.inFlight() == 0, "the worker is idle");

        assertThat(outcome.get()).isInstanceOf(DeletionOutcome.Deleted.class);
        assertThat(host.hypervisor.interleavings()).isEmpty();
        assertThat(host.nothingLeftOf(alice.site())).isTrue();
        assertThat(host.guests.configured()).isEmpty();
        assertThat(host.guests.forgotten()).contains(alice.site());
        // Nothing was made after the row was removed.
        List<String> events = host.log.events();
        List<String> afterRemoval = events.subList(events.indexOf("hostings.remove alice"), events.size());
        assertThat(afterRemoval).noneMatch(e -> e.startsWith("hypervisor.createDisk") || e.startsWith("hypervisor.start")
                || e.startsWith("guests.configure") || e.startsWith("proxy.publish"));
        if (step != ProvisioningStep.PUBLISH_ROUTES) {
            // Publishing is the last step: a deletion waiting for it comes after the hosting became RUNNING.
            assertThat(events).doesNotContain("hostings.replace alice running done");
        }
    }

    /** Starts the owner's DELETE on another thread, as a request would arrive, and lets it run into the step. */
    private void deleteMidStep(Hosting hosting) {
        if (deleter.get() != null) {
            return;
        }
        Thread thread = new Thread(() -> outcome.set(deletion.delete(hosting.owner().orElseThrow())), "owner-delete");
        deleter.set(thread);
        thread.start();
        // Done already (the step waits outside the lock) or parked on the site's lock (the step holds it).
        eventually(() -> thread.getState() == Thread.State.TERMINATED || thread.getState() == Thread.State.WAITING,
                "the deletion finished or waits for the step");
    }
}
