package dev.nestbox.adapters.postgres;

import dev.nestbox.application.port.out.SiteMutex;
import dev.nestbox.domain.hosting.SiteName;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Site locks through PostgreSQL's advisory locks, between processes standing in as separate connections. */
class PostgresSiteMutexTest {
    /** Other tests and e2e runs share the cluster: only this test database's locks count. */
    private static final String IN_THIS_DATABASE = "database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND ";
    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();

    private static final SiteName ALICE = SiteName.of("alice");
    private static final SiteName BOB = SiteName.of("bob");
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<SiteMutex.Held> held = new ArrayList<>();

    @AfterEach
    void releaseAll() {
        held.forEach(SiteMutex.Held::close);
        threads.shutdownNow();
    }

    /** A mutex of its own process: its own Jdbi, so its own connections. */
    private SiteMutex process(int maxHeld, Duration longestWait) {
        Jdbi jdbi = Jdbi.create(DATABASE.url(), DATABASE.user(), DATABASE.password());
        return new PostgresStore(jdbi).siteMutex(maxHeld, longestWait);
    }

    private SiteMutex process() {
        return process(4, Duration.ofSeconds(30));
    }

    private SiteMutex.Held hold(SiteMutex mutex, SiteName site) {
        SiteMutex.Held lock = mutex.acquire(site);
        held.add(lock);
        return lock;
    }

    private static int waitingSiteLocks() {
        return DATABASE.selectOne("SELECT count(*)::int FROM pg_locks WHERE " + IN_THIS_DATABASE + "locktype = 'advisory' AND NOT granted"
                + " AND classid = " + PostgresSiteMutex.SITES, Integer.class);
    }

    private static int heldSiteLocks() {
        return DATABASE.selectOne("SELECT count(*)::int FROM pg_locks WHERE " + IN_THIS_DATABASE + "locktype = 'advisory' AND granted"
                + " AND classid = " + PostgresSiteMutex.SITES, Integer.class);
    }

    @Test
    void a_site_held_by_one_process_waits_in_the_other_until_released() throws Exception {
        SiteMutex first = process();
        SiteMutex second = process();
        SiteMutex.Held aliceInFirst = hold(first, ALICE);

        CompletableFuture<SiteMutex.Held> waiting = CompletableFuture.supplyAsync(() -> hold(second, ALICE), threads);
        eventually(() -> waitingSiteLocks() == 1, "the second process waits in PostgreSQL");
        assertThat(waiting).isNotDone();

        aliceInFirst.close();
        SiteMutex.Held aliceInSecond = waiting.get(10, TimeUnit.SECONDS);
        assertThat(heldSiteLocks()).isEqualTo(1);
        aliceInSecond.close();
        aliceInSecond.close();
        assertThat(heldSiteLocks()).as("released once, closing twice is harmless").isZero();
    }

    @Test
    void different_sites_do_not_wait_for_each_other() {
        SiteMutex first = process();
        SiteMutex second = process();
        hold(first, ALICE);

        hold(second, BOB);

        assertThat(heldSiteLocks()).isEqualTo(2);
        assertThat(waitingSiteLocks()).isZero();
    }

    @Test
    void a_holder_whose_connection_is_lost_leaves_the_site_free() throws Exception {
        SiteMutex first = process();
        SiteMutex second = process();
        SiteMutex.Held lost = hold(first, ALICE);
        CompletableFuture<SiteMutex.Held> waiting = CompletableFuture.supplyAsync(() -> hold(second, ALICE), threads);
        eventually(() -> waitingSiteLocks() == 1, "the second process waits");

        int killed = DATABASE.selectOne("SELECT count(pg_terminate_backend(pid))::int FROM pg_locks"
                + " WHERE " + IN_THIS_DATABASE + "locktype = 'advisory' AND granted AND classid = " + PostgresSiteMutex.SITES, Integer.class);

        assertThat(killed).isEqualTo(1);
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isNotNull();
        lost.close();
        assertThat(heldSiteLocks()).as("only the second process holds alice").isEqualTo(1);
    }

    @Test
    void a_site_busy_elsewhere_for_too_long_is_a_typed_failure_and_frees_the_connection_slot() {
        SiteMutex first = process();
        SiteMutex impatient = process(1, Duration.ofMillis(200));
        hold(first, ALICE);

        assertThatThrownBy(() -> impatient.acquire(ALICE))
                .isInstanceOf(PostgresUnavailable.class)
                .hasMessageContaining("site alice has been busy in another Nestbox process");
        assertThat(waitingSiteLocks()).isZero();

        // Its only connection slot came back: another site can be held at once.
        hold(impatient, BOB);
        assertThat(heldSiteLocks()).isEqualTo(2);
    }

    @Test
    void at_most_max_held_sites_keep_a_connection_and_the_next_waits_in_the_process() throws Exception {
        SiteMutex one = process(1, Duration.ofSeconds(30));
        SiteMutex.Held alice = hold(one, ALICE);
        Thread[] waiter = new Thread[1];
        CompletableFuture<SiteMutex.Held> bob = CompletableFuture.supplyAsync(() -> {
            waiter[0] = Thread.currentThread();
            return hold(one, BOB);
        }, threads);
        eventually(() -> waiter[0] != null && waiter[0].getState() == Thread.State.WAITING, "bob waits for a slot");
        assertThat(bob).isNotDone();
        assertThat(waitingSiteLocks()).as("without asking PostgreSQL").isZero();

        alice.close();

        assertThat(bob.get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(heldSiteLocks()).isEqualTo(1);
    }

    @Test
    void an_unreachable_database_is_a_typed_failure() {
        SiteMutex nowhere = new PostgresStore(Jdbi.create("jdbc:postgresql://127.0.0.1:1/none", "x", ""))
                .siteMutex(1, Duration.ofSeconds(1));

        assertThatThrownBy(() -> nowhere.acquire(ALICE))
                .isInstanceOf(PostgresUnavailable.class)
                .hasMessageContaining("could not lock site alice");
        // The slot was given back: a second try fails the same way instead of waiting for ever.
        assertThatThrownBy(() -> nowhere.acquire(ALICE)).isInstanceOf(PostgresUnavailable.class);
    }

    static void eventually(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what);
            }
        }
    }
}
