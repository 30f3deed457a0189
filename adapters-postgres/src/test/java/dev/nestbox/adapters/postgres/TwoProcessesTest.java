package dev.nestbox.adapters.postgres;

import dev.nestbox.application.port.in.DeletionOutcome;
import dev.nestbox.application.port.out.Clock;
import dev.nestbox.application.port.out.Hostings;
import dev.nestbox.application.provisioning.ProvisioningSettings;
import dev.nestbox.application.provisioning.ProvisioningWorker;
import dev.nestbox.application.service.DeleteHostingService;
import dev.nestbox.application.service.HostingTeardown;
import dev.nestbox.application.service.SiteLocks;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.HostingStatus;
import dev.nestbox.domain.hosting.SiteName;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.nestbox.adapters.postgres.PostgresSiteMutexTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Nestbox processes on one database and one host (a server's worker and the admin console, or two servers),
 * each with its own connections and its own in-process locks: only the database's site locks keep them apart.
 */
class TwoProcessesTest {
    /** Other tests and e2e runs share the cluster: only this test database's locks count. */
    private static final String IN_THIS_DATABASE = "database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND ";
    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();

    private final OneHost host = new OneHost();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<ProvisioningWorker> workers = new ArrayList<>();
    private Hosting alice;

    @BeforeEach
    void aliceHasAHosting() {
        DATABASE.truncate();
        PostgresStore store = new PostgresStore(DATABASE.jdbi());
        Hostings.Creation creation = store.hostings().create(Fixtures.newHosting(Fixtures.addUser(store.users(), 1).id(), 1));
        alice = ((Hostings.Creation.Created) creation).hosting();
    }

    @AfterEach
    void stop() {
        workers.forEach(ProvisioningWorker::close);
        threads.shutdownNow();
    }

    /** One process's stack: its own Jdbi (so its own connections), locks, teardown and worker. */
    private final class Process {
        final Hostings hostings;
        final SiteLocks locks;
        final HostingTeardown teardown;

        Process() {
            PostgresStore store = new PostgresStore(Jdbi.create(DATABASE.url(), DATABASE.user(), DATABASE.password()));
            hostings = store.hostings();
            locks = new SiteLocks(store.siteMutex(4, Duration.ofSeconds(30)));
            teardown = new HostingTeardown(hostings, host.hypervisor, host.proxy, host.guests, Clock.system(), locks);
        }

        ProvisioningWorker worker() {
            ProvisioningWorker worker = new ProvisioningWorker(hostings, host.hypervisor, host.guests, host.proxy,
                    Clock.system(), locks, teardown, new ProvisioningSettings(1, 10, Duration.ofMinutes(5),
                    Duration.ofSeconds(1), Duration.ofMillis(1), Duration.ofSeconds(5), Duration.ofMinutes(5)));
            workers.add(worker);
            return worker;
        }

        DeleteHostingService deletions() {
            return new DeleteHostingService(hostings, teardown);
        }
    }

    private static int waitingSiteLocks() {
        return DATABASE.selectOne("SELECT count(*)::int FROM pg_locks WHERE " + IN_THIS_DATABASE + "locktype = 'advisory' AND NOT granted"
                + " AND classid = " + PostgresSiteMutex.SITES, Integer.class);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("latch never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Test
    void a_force_delete_from_the_console_waits_for_the_servers_step_and_leaves_nothing() throws Exception {
        Process server = new Process();
        Process console = new Process();
        CountDownLatch inStart = new CountDownLatch(1);
        CountDownLatch finishStart = new CountDownLatch(1);
        host.on("start", site -> {
            inStart.countDown();
            await(finishStart);
        });
        ProvisioningWorker worker = server.worker();
        worker.submit(alice);
        await(inStart);

        CompletableFuture<DeletionOutcome> deletion = CompletableFuture.supplyAsync(
                () -> console.deletions().forceDelete(alice.site()), threads);
        eventually(() -> waitingSiteLocks() == 1, "the console's deletion waits for the server's step");
        assertThat(deletion).isNotDone();
        assertThat(host.log()).noneMatch(e -> e.startsWith("withdraw") || e.startsWith("destroy"));

        finishStart.countDown();
        assertThat(deletion.get(10, TimeUnit.SECONDS)).isEqualTo(new DeletionOutcome.Deleted());
        eventually(() -> worker.inFlight() == 0, "the server's worker stops");

        SiteName site = alice.site();
        List<String> log = host.log();
        assertThat(log).containsSubsequence("start " + site + " ends", "withdraw " + site + " begins",
                "destroy " + site + " begins", "destroy " + site + " ends");
        assertThat(log.subList(log.indexOf("destroy " + site + " ends"), log.size()))
                .as("nothing made after the teardown").noneMatch(e -> e.startsWith("createDisk") || e.startsWith("start")
                        || e.startsWith("publish"));
        assertThat(host.nothingOf(site)).as("no machine, disk or route").isTrue();
        assertThat(server.hostings.byId(alice.id())).as("no row").isEmpty();
        assertThat(host.mostAtOnce()).isEqualTo(1);
    }

    @Test
    void two_workers_taking_the_same_hosting_never_run_its_steps_at_once() throws Exception {
        Process first = new Process();
        Process second = new Process();
        AtomicBoolean otherWaitedInPostgres = new AtomicBoolean();
        AtomicBoolean once = new AtomicBoolean();
        // The first disk creation lasts until the other worker is seen waiting for the site (or, were the site not
        // locked across processes, until the other worker is seen working on it too).
        host.on("createDisk", site -> {
            if (once.compareAndSet(false, true)) {
                eventually(() -> waitingSiteLocks() > 0 || host.workingOn(site) > 1, "the other worker comes");
                otherWaitedInPostgres.set(host.workingOn(site) == 1);
            }
        });

        first.worker().submit(alice);
        second.worker().submit(alice);
        eventually(() -> host.mostAtOnce() > 1 || workers.stream().allMatch(w -> w.inFlight() == 0),
                "both workers are done");

        assertThat(host.mostAtOnce()).as("never two calls for alice at once").isEqualTo(1);
        assertThat(otherWaitedInPostgres).isTrue();
        assertThat(first.hostings.byId(alice.id()).orElseThrow().status()).isEqualTo(HostingStatus.RUNNING);
        SiteName site = alice.site();
        List<String> begun = host.log().stream().filter(e -> e.endsWith(" begins")).toList();
        assertThat(begun).hasSize(4);
        assertThat(begun.subList(0, 2)).containsExactly("createDisk " + site + " begins", "start " + site + " begins");
        assertThat(begun.subList(2, 4)).as("the routes go out beside the guest set-up, in either order")
                .containsExactlyInAnyOrder("configure " + site + " begins", "publish " + site + " begins");
    }
}
