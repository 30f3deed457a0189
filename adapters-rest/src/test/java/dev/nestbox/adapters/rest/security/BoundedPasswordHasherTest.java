package dev.nestbox.adapters.rest.security;

import dev.nestbox.application.port.out.PasswordHasher;
import dev.nestbox.domain.user.Password;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class BoundedPasswordHasherTest {
    private static final Password PASSWORD = Password.of("password123");
    private final Gate slow = new Gate();
    private final ExecutorService clients = Executors.newCachedThreadPool();

    @AfterEach
    void release() {
        slow.open.countDown();
        clients.shutdownNow();
    }

    @Test
    void beyond_the_slots_and_the_waiting_room_a_request_is_refused_without_waiting_for_any_hash() throws Exception {
        BoundedPasswordHasher hasher = new BoundedPasswordHasher(slow, 2, 1, Duration.ofMinutes(5), Duration.ofSeconds(1));
        List<Future<String>> admitted = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            admitted.add(clients.submit(() -> hasher.hash(PASSWORD)));
        }
        slow.awaitRunning(2);
        Future<String> waiting = clients.submit(() -> hasher.hash(PASSWORD));
        awaitQueued(hasher, waiting);

        assertThat(hasher.saturated()).isTrue();
        // Both slots are blocked until the gate opens: refusals that arrive meanwhile prove they did not wait.
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> hasher.matches(PASSWORD, "$2b$12$x"))
                    .isInstanceOf(PasswordHashingBusy.class)
                    .satisfies(e -> assertThat(((PasswordHashingBusy) e).retryAfter()).isEqualTo(Duration.ofSeconds(1)));
        }
        assertThat(slow.started.get()).isEqualTo(2);

        slow.open.countDown();
        for (Future<String> f : admitted) {
            assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("hash");
        }
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo("hash");
        assertThat(hasher.saturated()).isFalse();
        assertThat(hasher.matches(PASSWORD, "hash")).isTrue();
    }

    @Test
    void without_a_waiting_room_the_first_request_beyond_the_slots_is_refused_at_once() throws Exception {
        // The shipped default (hashingQueue 0). The slots stay blocked until the gate opens, after the refusal:
        // a refusal that waited for a slot would wait a day, and fail the bounded get below.
        BoundedPasswordHasher hasher = new BoundedPasswordHasher(slow, 2, 0, Duration.ofDays(1), Duration.ofSeconds(1));
        List<Future<String>> admitted = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            admitted.add(clients.submit(() -> hasher.hash(PASSWORD)));
        }
        slow.awaitRunning(2);

        assertThat(hasher.saturated()).isTrue();
        Future<Boolean> beyond = clients.submit(() -> hasher.matches(PASSWORD, "$2b$12$x"));
        assertThatThrownBy(() -> beyond.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(PasswordHashingBusy.class);
        assertThat(hasher.waiting()).isZero();
        assertThat(slow.started.get()).isEqualTo(2);

        slow.open.countDown();
        for (Future<String> f : admitted) {
            assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("hash");
        }
        assertThat(hasher.saturated()).isFalse();
    }

    @Test
    void a_waiting_request_gives_up_after_the_bounded_wait() throws Exception {
        BoundedPasswordHasher hasher = new BoundedPasswordHasher(slow, 1, 1, Duration.ofMillis(50), Duration.ofSeconds(1));
        Future<String> admitted = clients.submit(() -> hasher.hash(PASSWORD));
        slow.awaitRunning(1);
        assertThatThrownBy(() -> hasher.hash(PASSWORD)).isInstanceOf(PasswordHashingBusy.class);
        assertThat(slow.started.get()).isEqualTo(1);
        slow.open.countDown();
        assertThat(admitted.get(10, TimeUnit.SECONDS)).isEqualTo("hash");
    }

    @Test
    void slots_are_given_back_after_failures() {
        PasswordHasher failing = new Gate() {
            @Override
            public String hash(Password password) {
                throw new IllegalStateException("boom");
            }
        };
        BoundedPasswordHasher hasher = new BoundedPasswordHasher(failing, 1, 0, Duration.ZERO, Duration.ofSeconds(1));
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> hasher.hash(PASSWORD)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void the_decoy_hash_needs_no_slot() {
        BoundedPasswordHasher hasher = new BoundedPasswordHasher(slow, 1, 0, Duration.ZERO, Duration.ofSeconds(1));
        clients.submit(() -> hasher.hash(PASSWORD));
        slow.awaitRunning(1);
        assertThat(hasher.decoyHash()).isEqualTo("decoy");
    }

    @Test
    void the_hash_runs_on_a_hashing_thread_while_the_request_thread_waits_for_it() {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        BoundedPasswordHasher hasher = new BoundedPasswordHasher(new Recording(ranOn, null), 2, 0, Duration.ZERO,
                Duration.ofSeconds(1));
        try {
            assertThat(hasher.hash(PASSWORD)).isEqualTo("hash");
            assertThat(ranOn.get()).isNotSameAs(Thread.currentThread());
            assertThat(ranOn.get().getName()).startsWith("password-hashing-");
            assertThat(ranOn.get().isDaemon()).isTrue();
            assertThat(hasher.matches(PASSWORD, "hash")).isTrue();
            assertThat(ranOn.get().getName()).startsWith("password-hashing-");
        } finally {
            hasher.close();
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void on_linux_the_hashing_threads_run_at_the_lowered_priority_and_the_caller_keeps_its_own() {
        int callerNice = niceOfThisThread();
        assumeTrue(callerNice < 10, "the tests already run at nice " + callerNice);
        AtomicInteger hashingNice = new AtomicInteger(Integer.MIN_VALUE);
        BoundedPasswordHasher hasher = new BoundedPasswordHasher(new Recording(null, hashingNice), 2, 0,
                Duration.ZERO, Duration.ofSeconds(1), 10);
        try {
            hasher.hash(PASSWORD);
            assertThat(hashingNice.get()).isEqualTo(10);
            assertThat(niceOfThisThread()).as("the request's thread is left alone").isEqualTo(callerNice);
        } finally {
            hasher.close();
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void nice_zero_leaves_the_hashing_threads_at_the_process_priority() {
        int callerNice = niceOfThisThread();
        AtomicInteger hashingNice = new AtomicInteger(Integer.MIN_VALUE);
        BoundedPasswordHasher hasher = new BoundedPasswordHasher(new Recording(null, hashingNice), 1, 0,
                Duration.ZERO, Duration.ofSeconds(1), 0);
        try {
            hasher.hash(PASSWORD);
            assertThat(hashingNice.get()).isEqualTo(callerNice);
        } finally {
            hasher.close();
        }
    }

    @Test
    void a_nice_outside_0_to_19_is_refused() {
        assertThatThrownBy(() -> new BoundedPasswordHasher(slow, 1, 0, Duration.ZERO, Duration.ofSeconds(1), 20))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BoundedPasswordHasher(slow, 1, 0, Duration.ZERO, Duration.ofSeconds(1), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void an_interrupted_request_is_refused_and_its_slot_comes_back_only_when_its_hash_ends() throws Exception {
        BoundedPasswordHasher hasher = new BoundedPasswordHasher(slow, 1, 0, Duration.ZERO, Duration.ofSeconds(1));
        Future<String> interrupted = clients.submit(() -> hasher.hash(PASSWORD));
        slow.awaitRunning(1);
        interrupted.cancel(true);
        // The request gave up, but its hash still holds the CPU, hence the slot: a newcomer is refused.
        awaitBusy(hasher);
        assertThat(slow.started.get()).isEqualTo(1);

        slow.open.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (hasher.saturated()) {
            assertThat(System.nanoTime()).as("the slot came back").isLessThan(deadline);
            Thread.onSpinWait();
        }
        assertThat(hasher.hash(PASSWORD)).isEqualTo("hash");
    }

    @Test
    void after_close_hashes_are_refused_as_busy() {
        BoundedPasswordHasher hasher = new BoundedPasswordHasher(new Recording(null, null), 1, 0, Duration.ZERO,
                Duration.ofSeconds(1));
        assertThat(hasher.hash(PASSWORD)).isEqualTo("hash");
        hasher.close();
        assertThatThrownBy(() -> hasher.hash(PASSWORD)).isInstanceOf(PasswordHashingBusy.class);
        assertThat(hasher.saturated()).as("the refused hash gave its slot back").isFalse();
    }

    private static void awaitBusy(BoundedPasswordHasher hasher) {
        assertThat(hasher.saturated()).isTrue();
        assertThatThrownBy(() -> hasher.hash(PASSWORD)).isInstanceOf(PasswordHashingBusy.class);
    }

    /** The calling thread's nice value: field 19 of /proc/thread-self/stat (after the parenthesised command). */
    private static int niceOfThisThread() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(fields[19 - 3]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A hasher that notes which thread it ran on and at which nice. */
    private record Recording(AtomicReference<Thread> thread, AtomicInteger nice) implements PasswordHasher {
        @Override
        public String hash(Password password) {
            note();
            return "hash";
        }

        @Override
        public boolean matches(Password candidate, String hash) {
            note();
            return "hash".equals(hash);
        }

        @Override
        public String decoyHash() {
            return "decoy";
        }

        private void note() {
            if (thread != null) {
                thread.set(Thread.currentThread());
            }
            if (nice != null) {
                nice.set(niceOfThisThread());
            }
        }
    }

    /** Waits until {@code waiting} sits in the waiting room: a further request then finds it full. */
    private static void awaitQueued(BoundedPasswordHasher hasher, Future<?> waiting) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (hasher.waiting() < 1) {
            if (System.nanoTime() > deadline || waiting.isDone()) {
                throw new AssertionError("the third request never waited");
            }
            Thread.onSpinWait();
        }
    }

    /** A hasher that blocks every call until the gate opens. */
    private static class Gate implements PasswordHasher {
        final CountDownLatch open = new CountDownLatch(1);
        final AtomicInteger started = new AtomicInteger();

        @Override
        public String hash(Password password) {
            pass();
            return "hash";
        }

        @Override
        public boolean matches(Password candidate, String hash) {
            pass();
            return "hash".equals(hash);
        }

        @Override
        public String decoyHash() {
            return "decoy";
        }

        private void pass() {
            started.incrementAndGet();
            try {
                open.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void awaitRunning(int n) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (started.get() < n) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("only " + started.get() + " hashes started");
                }
                Thread.onSpinWait();
            }
        }
    }
}
