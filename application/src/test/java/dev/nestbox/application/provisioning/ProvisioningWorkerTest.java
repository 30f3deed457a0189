package dev.nestbox.application.provisioning;

import dev.nestbox.domain.plan.Plan;
import dev.nestbox.application.fakes.FakeGuests;
import dev.nestbox.application.fakes.Host;
import dev.nestbox.application.port.out.DependencyFailure;
import dev.nestbox.application.port.out.GuestProvisioner.Readiness;
import dev.nestbox.application.port.out.Hypervisor;
import dev.nestbox.application.port.out.ReverseProxy;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.HostingStatus;
import dev.nestbox.domain.hosting.ProvisioningStep;
import dev.nestbox.domain.hosting.SiteName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.nestbox.application.fakes.Host.eventually;
import static org.assertj.core.api.Assertions.assertThat;

class ProvisioningWorkerTest {
    private final Host host = new Host();
    private final List<ProvisioningWorker> workers = new ArrayList<>();

    @AfterEach
    void closeWorkers() {
        workers.forEach(ProvisioningWorker::close);
    }

    private ProvisioningWorker worker() {
        return worker(Host.settings(2, 10));
    }

    private ProvisioningWorker worker(ProvisioningSettings settings) {
        ProvisioningWorker worker = host.worker(settings);
        workers.add(worker);
        return worker;
    }

    private void awaitIdle(ProvisioningWorker worker) {
        eventually(() -> worker.inFlight() == 0, "the worker is idle");
    }

    private Hosting settled(Hosting hosting) {
        eventually(() -> host.hostings.byId(hosting.id())
                .map(h -> h.status() != HostingStatus.PROVISIONING && h.status() != HostingStatus.PENDING)
                .orElse(true), hosting.site() + " settles");
        return host.stored(hosting);
    }

    @Test
    void takes_a_hosting_through_every_step_in_order_and_marks_it_running() {
        Hosting alice = host.store(1, "alice", HostingStatus.PENDING, ProvisioningStep.QUEUED);
        ProvisioningWorker worker = worker();

        worker.submit(alice);
        Hosting running = settled(alice);

        assertThat(running.status()).isEqualTo(HostingStatus.RUNNING);
        assertThat(running.step()).isEqualTo(ProvisioningStep.DONE);
        assertThat(running.readyAt()).contains(host.clock.now());
        assertThat(running.failureReason()).isEmpty();
        List<String> events = host.log.events();
        assertThat(events.subList(0, 7)).containsExactly(
                "hostings.replace alice provisioning create_disk",
                "hypervisor.createDisk alice",
                "hostings.replace alice provisioning start_vm",
                "hypervisor.start alice",
                "hostings.replace alice provisioning wait_ssh",
                "guests.awaitSsh 10.88.0.3",
                "hostings.replace alice provisioning configure_guest");
        assertThat(events.subList(7, 9)).as("the routes are published while the guest is set up")
                .containsExactlyInAnyOrder("guests.configure alice 10.88.0.3", "proxy.publish alice");
        assertThat(events.subList(9, events.size())).as("the route step finds them published").containsExactly(
                "hostings.replace alice provisioning wait_http",
                "guests.awaitHttp 10.88.0.3",
                "hostings.replace alice provisioning publish_routes",
                "hostings.replace alice running done");
        assertThat(host.guests.prepared()).as("only a spare is prepared").isEmpty();
        assertThat(host.hypervisor.running().get(alice.site()))
                .isEqualTo(new Hypervisor.Machine(alice.id(), alice.site(), alice.address(), new Plan("micro", "micro", 256, 1, 1024), FakeGuests.PROVISIONING_KEY));
        assertThat(host.guests.configured()).containsEntry(alice.site(), Host.TENANT_KEY);
        assertThat(host.proxy.routes()).containsEntry(alice.site(),
                new ReverseProxy.Route(alice.site(), alice.address(), alice.sshPort()));
        awaitIdle(worker);
    }

    @ParameterizedTest
    @EnumSource(value = ProvisioningStep.class, names = {"CREATE_DISK", "START_VM", "WAIT_SSH", "CONFIGURE_GUEST",
            "WAIT_HTTP", "PUBLISH_ROUTES"})
    void a_restarted_worker_resumes_a_hosting_at_its_recorded_step(ProvisioningStep recorded) {
        // What an earlier run made before it stopped at the recorded step.
        Hosting alice = host.store(1, "alice", HostingStatus.PROVISIONING, recorded);
        if (recorded.compareTo(ProvisioningStep.CREATE_DISK) > 0) {
            host.hypervisor.createDisk(machineOf(alice));
        }
        if (recorded.compareTo(ProvisioningStep.START_VM) > 0) {
            host.hypervisor.start(machineOf(alice));
        }
        host.log.clear();

        worker().start();
        Hosting running = settled(alice);

        assertThat(running.status()).isEqualTo(HostingStatus.RUNNING);
        List<String> actions = host.log.events().stream().filter(e -> !e.startsWith("hostings.")).toList();
        // Per step, what it does; the guest set-up publishes the routes beside it (in either order), and then the
        // route step has nothing to do; a run resumed after the set-up publishes them at the route step.
        boolean setUpHere = recorded.compareTo(ProvisioningStep.CONFIGURE_GUEST) <= 0;
        List<List<String>> steps = List.of(List.of("hypervisor.createDisk alice"), List.of("hypervisor.start alice"),
                List.of("guests.awaitSsh 10.88.0.3"), List.of("guests.configure alice 10.88.0.3", "proxy.publish alice"),
                List.of("guests.awaitHttp 10.88.0.3"), setUpHere ? List.of() : List.of("proxy.publish alice"));
        int at = 0;
        for (List<String> step : steps.subList(recorded.ordinal() - 1, steps.size())) {
            assertThat(actions.subList(at, Math.min(at + step.size(), actions.size())))
                    .containsExactlyInAnyOrderElementsOf(step);
            at += step.size();
        }
        assertThat(actions).hasSize(at);
        assertThat(host.proxy.routes()).containsKey(alice.site());
    }

    private static Hypervisor.Machine machineOf(Hosting hosting) {
        return new Hypervisor.Machine(hosting.id(), hosting.site(), hosting.address(), hosting.plan(), FakeGuests.PROVISIONING_KEY);
    }

    @Test
    void start_resumes_pending_hostings_too_oldest_first() {
        Hosting bob = host.store(2, "bob", HostingStatus.PENDING, ProvisioningStep.QUEUED);
        host.clock.advance(Duration.ofSeconds(1));
        Hosting carol = host.store(3, "carol", HostingStatus.PROVISIONING, ProvisioningStep.START_VM);
        host.hypervisor.createDisk(machineOf(carol));

        worker(Host.settings(1, 10)).start();

        assertThat(settled(bob).status()).isEqualTo(HostingStatus.RUNNING);
        assertThat(settled(carol).status()).isEqualTo(HostingStatus.RUNNING);
        assertThat(host.log.startingWith("hypervisor.start")).containsExactly("hypervisor.start bob", "hypervisor.start carol");
    }

    @Test
    void a_hosting_submitted_twice_is_provisioned_once() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        host.hypervisor.on("createDisk", site -> awaitQuietly(release));
        Hosting alice = host.store(1, "alice", HostingStatus.PROVISIONING, ProvisioningStep.CREATE_DISK);
        ProvisioningWorker worker = worker();

        worker.submit(alice);
        worker.submit(alice);
        worker.start();
        release.countDown();

        assertThat(settled(alice).status()).isEqualTo(HostingStatus.RUNNING);
        awaitIdle(worker);
        assertThat(host.log.startingWith("hypervisor.createDisk")).hasSize(1);
    }

    @Test
    void never_runs_more_hostings_at_once_than_its_concurrency() {
        List<Hosting> many = new ArrayList<>();
        for (int n = 1; n <= 6; n++) {
            many.add(host.store(n, "site" + n, HostingStatus.PROVISIONING, ProvisioningStep.CREATE_DISK));
        }
        host.hypervisor.on("createDisk", site -> sleep(20));
        host.hypervisor.on("start", site -> sleep(20));
        ProvisioningWorker worker = worker(Host.settings(2, 10));

        many.forEach(worker::submit);
        many.forEach(h -> assertThat(settled(h).status()).isEqualTo(HostingStatus.RUNNING));

        // Exactly two: more would break the limit, fewer would mean the slots are not used.
        assertThat(host.hypervisor.maxConcurrent()).isEqualTo(2);
    }

    @Test
    void a_hosting_beyond_the_queue_fails_with_a_reason_instead_of_waiting_unseen() {
        CountDownLatch release = new CountDownLatch(1);
        host.hypervisor.on("createDisk", site -> awaitQuietly(release));
        Hosting first = host.store(1, "first", HostingStatus.PROVISIONING, ProvisioningStep.CREATE_DISK);
        Hosting queued = host.store(2, "queued", HostingStatus.PROVISIONING, ProvisioningStep.CREATE_DISK);
        Hosting refused = host.store(3, "refused", HostingStatus.PENDING, ProvisioningStep.QUEUED);
        ProvisioningWorker worker = worker(Host.settings(1, 1));

        worker.submit(first);
        eventually(() -> !host.log.startingWith("hypervisor.createDisk first").isEmpty(), "first is being worked on");
        worker.submit(queued);
        worker.submit(refused);

        Hosting failed = host.stored(refused);
        assertThat(failed.status()).isEqualTo(HostingStatus.FAILED);
        assertThat(failed.step()).as("it failed where it waited, never having started").isEqualTo(ProvisioningStep.QUEUED);
        assertThat(failed.failureReason()).hasValueSatisfying(r -> assertThat(r).contains("busy"));
        release.countDown();
        assertThat(settled(first).status()).isEqualTo(HostingStatus.RUNNING);
        assertThat(settled(queued).status()).isEqualTo(HostingStatus.RUNNING);
    }

    @Test
    void past_the_deadline_the_hosting_fails_with_its_last_step_and_releases_machine_disk_and_routes() {
        host.guests.answer("ssh", address -> new Readiness.NotReady("connection refused"));
        Hosting alice = host.store(1, "alice", HostingStatus.PROVISIONING, ProvisioningStep.CREATE_DISK);

        worker().submit(alice);
        Hosting failed = settled(alice);

        assertThat(failed.status()).isEqualTo(HostingStatus.FAILED);
        assertThat(failed.step()).isEqualTo(ProvisioningStep.WAIT_SSH);
        assertThat(failed.failureReason()).contains("did not become ready within 5 minutes: stopped while "
                + "waiting for the machine to answer on SSH (connection refused)");
        // The fake probe moved the clock by each slice it waited: the deadline was honoured, not overshot.
        assertThat(host.clock.now()).isEqualTo(alice.createdAt().plus(Duration.ofMinutes(5)));
        assertThat(host.hypervisor.running()).isEmpty();
        assertThat(host.hypervisor.disks()).isEmpty();
        assertThat(host.proxy.routes()).isEmpty();
        assertThat(host.log.events()).doesNotContain("guests.configure alice 10.88.0.3");
        // The row stays, holding its address and port, until its owner deletes it.
        assertThat(failed.address()).isEqualTo(alice.address());
        assertThat(failed.sshPort()).isEqualTo(alice.sshPort());
    }

    @Test
    void a_hosting_resumed_after_a_downtime_longer_than_the_deadline_gets_its_whole_deadline_and_runs() {
        // The server was down for 6 minutes with alice half-way: that was not alice's time. Before, she failed at
        // once and her machine was destroyed.
        Hosting alice = host.store(1, "alice", HostingStatus.PROVISIONING, ProvisioningStep.PUBLISH_ROUTES);
        host.hypervisor.createDisk(machineOf(alice));
        host.hypervisor.start(machineOf(alice));
        host.clock.advance(Duration.ofMinutes(6));

        worker().start();
        Hosting running = settled(alice);

        assertThat(running.status()).isEqualTo(HostingStatus.RUNNING);
        assertThat(running.failureReason()).isEmpty();
        assertThat(host.log.events()).contains("proxy.publish alice");
        assertThat(host.hypervisor.running()).containsKey(alice.site());
        assertThat(host.log.startingWith("hypervisor.destroy")).isEmpty();
    }

    @Test
    void a_failing_step_fails_the_hosting_with_the_message_and_releases_what_was_made() {
        host.hypervisor.on("start", site -> {
            throw new DependencyFailure("hypervisor", "the hypervisor refused to start the machine: out of memory");
        });
        Hosting alice = host.store(1, "alice", HostingStatus.PROVISIONING, ProvisioningStep.CREATE_DISK);

        worker().submit(alice);
        Hosting failed = settled(alice);

        assertThat(failed.status()).isEqualTo(HostingStatus.FAILED);
        assertThat(failed.step()).isEqualTo(ProvisioningStep.START_VM);
        assertThat(failed.failureReason())
                .contains("starting the virtual machine failed: the hypervisor refused to start the machine: out of memory");
        assertThat(host.hypervisor.disks()).isEmpty();
        assertThat(host.log.events()).containsSubsequence("hypervisor.start alice", "proxy.withdraw alice",
                "hypervisor.destroy alice", "hostings.replace alice failed start_vm");
    }

    @Test
    void an_earlier_hostings_disk_under_the_same_site_name_fails_the_hosting_and_is_left_for_an_administrator() {
        Hypervisor.Resource leftover = new Hypervisor.Resource(Hypervisor.Kind.DISK, "alice.7.qcow2",
                SiteName.of("alice"), Optional.of(new HostingId(7)));
        host.hypervisor.addLeftover(leftover);
        Hosting alice = host.store(1, "alice", HostingStatus.PROVISIONING, ProvisioningStep.CREATE_DISK);

        worker().submit(alice);
        Hosting failed = settled(alice);

        assertThat(failed.status()).isEqualTo(HostingStatus.FAILED);
        assertThat(failed.step()).isEqualTo(ProvisioningStep.CREATE_DISK);
        assertThat(failed.failureReason()).get().asString()
                .contains("disk alice.7.qcow2 (hosting 7)").contains("does not reuse it").contains("administrator");
        assertThat(host.hypervisor.running()).isEmpty();
        assertThat(host.hypervisor.resources(SiteName.of("alice"))).as("neither adopted nor removed")
                .containsExactly(leftover);
    }

    @Test
    void a_guest_set_up_that_fails_withdraws_the_routes_published_beside_it() {
        CountDownLatch published = new CountDownLatch(1);
        host.proxy.on("publish", site -> published.countDown());
        host.guests.on("configure", () -> {
            try {
                // the routes are there before the set-up fails: the failure must take them back
                assertThat(published.await(5, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            throw new DependencyFailure("guest", "nestbox-setup exited with status 1");
        });
        Hosting alice = host.store(1, "alice", HostingStatus.PROVISIONING, ProvisioningStep.CREATE_DISK);

        worker().submit(alice);
        Hosting failed = settled(alice);

        assertThat(failed.status()).isEqualTo(HostingStatus.FAILED);
        assertThat(failed.step()).isEqualTo(ProvisioningStep.CONFIGURE_GUEST);
        assertThat(host.log.events()).containsSubsequence("proxy.publish alice", "proxy.withdraw alice",
                "hostings.replace alice failed configure_guest");
        assertThat(host.proxy.routes()).isEmpty();
        assertThat(host.hypervisor.running()).isEmpty();
    }

    @Test
    void routes_that_could_not_be_published_beside_the_set_up_are_published_by_the_route_step() {
        AtomicInteger publications = new AtomicInteger();
        host.proxy.on("publish", site -> {
            if (publications.incrementAndGet() == 1) {
                throw new DependencyFailure("nginx", "nginx -t refused the configuration");
            }
        });
        Hosting alice = host.store(1, "alice", HostingStatus.PROVISIONING, ProvisioningStep.CREATE_DISK);

        worker().submit(alice);
        Hosting running = settled(alice);

        assertThat(running.status()).as("the early publication is only a head start").isEqualTo(HostingStatus.RUNNING);
        assertThat(publications).as("refused beside the set-up, then published by the route step").hasValue(2);
        assertThat(host.proxy.routes()).containsKey(alice.site());
    }

    @Test
    void an_unexpected_exception_without_a_message_still_gives_a_readable_reason() {
        host.guests.on("configure", () -> {
            throw new NullPointerException();
        });
        Hosting alice = host.store(1, "alice", HostingStatus.PROVISIONING, ProvisioningStep.CREATE_DISK);

        worker().submit(alice);
        Hosting failed = settled(alice);

        assertThat(failed.failureReason()).contains("configuring the web server failed: unexpected NullPointerException");
        assertThat(host.nothingLeftOf(alice.site())).isFalse();
        assertThat(host.hypervisor.running()).isEmpty();
        assertThat(host.proxy.routes()).isEmpty();
    }

    @Test
    void a_failure_while_releasing_does_not_keep_the_hosting_provisioning() {
        host.proxy.on("publish", site -> {
            throw new DependencyFailure("reverse proxy", "nginx -t rejected the configuration");
        });
        host.proxy.on("withdraw", site -> {
            throw new DependencyFailure("reverse proxy", "nginx is down");
        });
        Hosting alice = host.store(1, "alice", HostingStatus.PROVISIONING, ProvisioningStep.CREATE_DISK);

        worker().submit(alice);
        Hosting failed = settled(alice);

        assertThat(failed.status()).isEqualTo(HostingStatus.FAILED);
        assertThat(failed.failureReason()).contains("publishing the site's address failed: nginx -t rejected the configuration");
        // The proxy could not be cleaned, but the machine still was.
        assertThat(host.hypervisor.running()).isEmpty();
    }

    @Test
    void close_stops_without_failing_and_the_next_start_resumes() {
        CountDownLatch never = new CountDownLatch(1);
        host.guests.on("awaitSsh", () -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DependencyFailure("guest", "interrupted while waiting for SSH", e);
            }
        });
        Hosting alice = host.store(1, "alice", HostingStatus.PROVISIONING, ProvisioningStep.CREATE_DISK);
        ProvisioningWorker first = worker();
        first.submit(alice);
        eventually(() -> !host.log.startingWith("guests.awaitSsh").isEmpty(), "the worker waits for SSH");

        first.close();

        Hosting stopped = host.stored(alice);
        assertThat(stopped.status()).isEqualTo(HostingStatus.PROVISIONING);
        assertThat(stopped.step()).isEqualTo(ProvisioningStep.WAIT_SSH);
        assertThat(stopped.failureReason()).isEmpty();
        first.submit(alice);
        assertThat(first.inFlight()).isZero();

        host.guests.on("awaitSsh", () -> { });
        host.log.clear();
        worker().start();

        assertThat(settled(alice).status()).isEqualTo(HostingStatus.RUNNING);
        assertThat(host.log.startingWith("hypervisor.")).isEmpty();
        assertThat(host.proxy.routes()).containsKey(alice.site());
    }

    @Test
    void start_finishes_interrupted_deletions_and_releases_what_failed_hostings_still_hold() {
        Hosting gone = host.store(1, "gone", HostingStatus.DELETING, ProvisioningStep.WAIT_HTTP);
        host.hypervisor.createDisk(machineOf(gone));
        host.hypervisor.start(machineOf(gone));
        host.proxy.plant(new ReverseProxy.Route(gone.site(), gone.address(), gone.sshPort()));
        Hosting broken = host.store(2, "broken", HostingStatus.FAILED, ProvisioningStep.CONFIGURE_GUEST);
        host.hypervisor.createDisk(machineOf(broken));
        host.hypervisor.start(machineOf(broken));

        worker().start();

        assertThat(host.nothingLeftOf(gone.site())).isTrue();
        assertThat(host.hypervisor.running()).isEmpty();
        assertThat(host.stored(broken).status()).isEqualTo(HostingStatus.FAILED);
        assertThat(host.stored(broken).failureReason()).contains("earlier failure");
    }

    @Test
    void a_hosting_deleted_while_queued_is_never_started() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        host.hypervisor.on("createDisk", site -> {
            if (site.value().equals("first")) {
                awaitQuietly(release);
            }
        });
        Hosting first = host.store(1, "first", HostingStatus.PROVISIONING, ProvisioningStep.CREATE_DISK);
        Hosting second = host.store(2, "second", HostingStatus.PROVISIONING, ProvisioningStep.CREATE_DISK);
        ProvisioningWorker worker = worker(Host.settings(1, 10));
        worker.submit(first);
        worker.submit(second);

        host.teardown.tearDown(second);
        release.countDown();
        awaitIdle(worker);

        assertThat(host.log.events()).noneMatch(e -> e.startsWith("hypervisor.createDisk second"));
        assertThat(host.nothingLeftOf(second.site())).isTrue();
        assertThat(host.stored(first).status()).isEqualTo(HostingStatus.RUNNING);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("latch never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyFailure("test", "interrupted", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
