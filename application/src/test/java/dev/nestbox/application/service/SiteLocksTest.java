package dev.nestbox.application.service;

import dev.nestbox.domain.hosting.SiteName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
            sleep(2);
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
    void holding_all_waits_for_every_site_and_holds_new_work_off() throws InterruptedException {
        CountDownLatch aliceHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean allRan = new AtomicBoolean();
        AtomicBoolean allDone = new AtomicBoolean();
        Thread holder = new Thread(() -> locks.holding(alice, () -> {
            aliceHeld.countDown();
            await(release);
        }));
        holder.start();
        aliceHeld.await();
        Thread all = new Thread(() -> locks.holdingAll(() -> {
            allRan.set(true);
            sleep(20);
            allDone.set(true);
            return null;
        }));
        all.start();
        sleep(20);
        assertThat(allRan).isFalse();

        release.countDown();
        holder.join();
        CountDownLatch started = new CountDownLatch(1);
        // Work on another site, asked for while the pass holds everything, runs after it.
        while (!allRan.get()) {
            Thread.onSpinWait();
        }
        AtomicBoolean bobSawPassDone = new AtomicBoolean();
        Thread bobWork = new Thread(() -> {
            started.countDown();
            locks.holding(bob, () -> bobSawPassDone.set(allDone.get()));
        });
        bobWork.start();
        started.await(1, TimeUnit.SECONDS);
        all.join();
        bobWork.join();
        assertThat(bobSawPassDone).isTrue();
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

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
