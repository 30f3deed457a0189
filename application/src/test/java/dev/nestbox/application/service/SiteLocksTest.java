package dev.nestbox.application.service;

import dev.nestbox.application.port.out.DependencyFailure;
import dev.nestbox.application.port.out.SiteMutex;
import dev.nestbox.domain.hosting.SiteName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SiteLocksTest {
    private final SiteLocks locks = new SiteLocks();
    private final SiteName alice = SiteName.of("alice");
    private final SiteName bob = SiteName.of("bob");

    @Test
    void the_same_site_is_held_by_one_thread_at_a_time() throws InterruptedException {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Runnable work = () -> locks.holding(alice, () -> {
            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
            Thread.yield();
            inside.decrementAndGet();
        });
        Thread[] threads = new Thread[4];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                for (int n = 0; n < 5; n++) {
                    work.run();
                }
            });
            threads[i].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(most.get()).isEqualTo(1);
        assertThat(locks.sitesInUse()).as("unused locks are forgotten").isZero();
    }

    @Test
    void different_sites_do_not_wait_for_each_other() throws InterruptedException {
        CountDownLatch aliceHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> locks.holding(alice, () -> {
            aliceHeld.countDown();
            await(release);
        }));
        holder.start();
        aliceHeld.await();

        assertThat(locks.holding(bob, () -> "bob ran")).isEqualTo("bob ran");
        assertThat(locks.sitesInUse()).isEqualTo(1);
        release.countDown();
        holder.join();
    }

    @Test
    void the_lock_is_released_when_the_action_throws() {
        assertThatThrownBy(() -> locks.holding(alice, () -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(locks.sitesInUse()).isZero();
        assertThat(locks.holding(alice, () -> 42)).isEqualTo(42);
    }

    @Test
    void a_holder_may_take_its_own_site_again() {
        assertThat(locks.holding(alice, () -> locks.holding(alice, () -> "nested"))).isEqualTo("nested");
    }

    /** A shared mutex that records what it was asked, and fails when told to. */
    private static final class RecordingMutex implements SiteMutex {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger held = new AtomicInteger();
        final AtomicInteger most = new AtomicInteger();
        volatile boolean down;

        @Override
        public Held acquire(SiteName site) {
            if (down) {
                throw new DependencyFailure("database", "connection refused");
            }
            calls.add("acquire " + site);
            most.accumulateAndGet(held.incrementAndGet(), Math::max);
            return () -> {
                held.decrementAndGet();
                calls.add("release " + site);
            };
        }
    }

    @Test
    void the_shared_mutex_is_taken_once_around_the_outermost_hold_and_released_on_every_path() {
        RecordingMutex shared = new RecordingMutex();
        SiteLocks locks = new SiteLocks(shared);

        assertThat(locks.holding(alice, () -> {
            assertThat(shared.held).hasValue(1);
            return locks.holding(alice, () -> "nested");
        })).isEqualTo("nested");
        assertThatThrownBy(() -> locks.holding(bob, (Runnable) () -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");

        assertThat(shared.calls).containsExactly("acquire alice", "release alice", "acquire bob", "release bob");
        assertThat(shared.held).hasValue(0);
    }

    @Test
    void threads_of_one_process_queue_in_front_so_one_at_a_time_asks_the_shared_mutex() throws InterruptedException {
        RecordingMutex shared = new RecordingMutex();
        SiteLocks locks = new SiteLocks(shared);
        Thread[] threads = new Thread[4];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                for (int n = 0; n < 20; n++) {
                    locks.holding(alice, Thread::yield);
                }
            });
            threads[i].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(shared.most).as("never two holds of the shared mutex at once").hasValue(1);
        assertThat(shared.calls).hasSize(2 * 4 * 20);
    }

    @Test
    void a_shared_mutex_that_cannot_be_taken_is_a_typed_failure_and_the_action_does_not_run() {
        RecordingMutex shared = new RecordingMutex();
        shared.down = true;
        SiteLocks locks = new SiteLocks(shared);
        AtomicBoolean ran = new AtomicBoolean();

        assertThatThrownBy(() -> locks.holding(alice, () -> ran.set(true)))
                .isInstanceOf(SiteLocks.Unavailable.class)
                .isInstanceOf(DependencyFailure.class)
                .hasMessageContaining("could not lock site alice")
                .hasMessageContaining("connection refused");
        assertThat(ran).isFalse();
        assertThat(locks.sitesInUse()).isZero();

        shared.down = false;
        assertThat(locks.holding(alice, () -> 7)).isEqualTo(7);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
