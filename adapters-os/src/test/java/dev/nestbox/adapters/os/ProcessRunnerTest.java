package dev.nestbox.adapters.os;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Real processes: the shell, sleep, yes. A sleep the test's own child runs has its own length so the test can find
 * it; one further down the tree reports its pid, since once orphaned it is nobody's descendant.
 */
class ProcessRunnerTest {
    /** Far above what any assertion here allows: if the runner hangs, the test fails instead of the build freezing. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(30);
    /** Slack over a timeout for killing, reaping and the pipe grace on a busy machine. */
    private static final Duration MARGIN = Duration.ofSeconds(3);
    private static final Duration POLL = Duration.ofMillis(20);

    @TempDir
    Path tmp;

    @Test
    void exit_code_and_both_streams_are_captured() throws Exception {
        ProcessResult result = ProcessRunner.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"),
                Duration.ofSeconds(10));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).isEqualTo("err\n");
        assertThat(result.output()).isEqualTo("out\nerr");
    }

    @Test
    void run_to_success_turns_a_non_zero_exit_into_a_typed_failure_carrying_the_output() {
        assertThatThrownBy(() -> ProcessRunner.runToSuccess(List.of("sh", "-c", "echo broken >&2; exit 4"),
                Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(ProcessFailure.ExitedNonZero.class, e -> {
                    assertThat(e.result().exitCode()).isEqualTo(4);
                    assertThat(e.result().stderr()).isEqualTo("broken\n");
                    assertThat(e.getMessage()).contains("exit code 4").contains("broken");
                });
    }

    @Test
    void a_program_that_does_not_exist_is_a_could_not_start_failure() {
        assertThatThrownBy(() -> ProcessRunner.run(List.of("/nonexistent/nestbox-no-such-program"),
                Duration.ofSeconds(10)))
                .isInstanceOf(ProcessFailure.CouldNotStart.class)
                .hasMessageContaining("/nonexistent/nestbox-no-such-program");
    }

    @Test
    void a_hanging_command_is_killed_at_its_timeout_with_everything_it_started() {
        Duration timeout = Duration.ofSeconds(1);
        ProcessFailure.TimedOut failure = assertTimeoutPreemptively(HANG_GUARD, () -> {
            long start = System.nanoTime();
            try {
                ProcessRunner.run(List.of("sh", "-c", "sleep 611 & echo $!; wait"), timeout);
                return fail("a command sleeping 611 s finished");
            } catch (ProcessFailure.TimedOut e) {
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plus(MARGIN));
                return e;
            }
        });

        assertThat(failure.timeout()).isEqualTo(timeout);
        assertThat(failure.getMessage()).contains("did not finish within PT1S");
        long sleeper = Long.parseLong(failure.output().strip());
        assertGone(sleeper);
    }

    @Test
    void a_grandchild_holding_stdout_open_does_not_hold_the_caller() throws Exception {
        long start = System.nanoTime();
        ProcessResult result = assertTimeoutPreemptively(HANG_GUARD,
                () -> ProcessRunner.run(List.of("sh", "-c", "sleep 612 & echo $!; echo hi"), Duration.ofSeconds(20)));
        long sleeper = Long.parseLong(result.stdout().lines().findFirst().orElseThrow());
        try {
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isLessThan(ProcessRunner.PIPE_GRACE.plus(MARGIN));
            assertThat(result.exitCode()).isZero();
            assertThat(result.stdout()).endsWith("hi\n");
        } finally {
            ProcessHandle.of(sleeper).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void megabytes_on_both_streams_at_once_neither_deadlock_nor_fill_memory() throws Exception {
        ProcessResult result = assertTimeoutPreemptively(HANG_GUARD, () -> ProcessRunner.run(List.of("sh", "-c",
                "(yes err | head -c 6000000 >&2) & yes out | head -c 6000000; wait; echo END; echo END >&2"),
                Duration.ofSeconds(25)));

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).startsWith("[earlier output dropped]\n").endsWith("out\nEND\n");
        assertThat(result.stderr()).startsWith("[earlier output dropped]\n").endsWith("err\nEND\n");
        assertThat(result.stdout().length()).isLessThanOrEqualTo(ProcessRunner.CAPTURE_LIMIT + 30);
        assertThat(result.stderr().length()).isLessThanOrEqualTo(ProcessRunner.CAPTURE_LIMIT + 30);
    }

    @Test
    void output_printed_before_a_timeout_is_kept_in_the_failure() {
        assertThatThrownBy(() -> assertTimeoutPreemptively(HANG_GUARD, () -> ProcessRunner.run(
                List.of("sh", "-c", "echo partial; echo also >&2; exec sleep 613"), Duration.ofSeconds(1))))
                .isInstanceOfSatisfying(ProcessFailure.TimedOut.class,
                        e -> assertThat(e.output()).isEqualTo("partial\nalso"));
        assertNoDescendant("613");
    }

    @Test
    void an_interrupted_caller_gets_a_typed_failure_keeps_its_interrupt_flag_and_leaves_no_process() throws Exception {
        Path pidFile = tmp.resolve("sleeper.pid");
        AtomicBoolean flagKept = new AtomicBoolean();
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                ProcessRunner.run(List.of("sh", "-c", "sleep 614 & echo $! > " + pidFile + "; wait; echo never"),
                        Duration.ofSeconds(120));
                thrown.complete(null);
            } catch (Throwable e) {
                flagKept.set(Thread.currentThread().isInterrupted());
                thrown.complete(e);
            }
        });
        caller.start();
        long sleeper = awaitPid(pidFile);

        caller.interrupt();

        assertThat(thrown.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ProcessFailure.Interrupted.class).hasMessageContaining("sleep 614");
        assertThat(flagKept).isTrue();
        assertGone(sleeper);
    }

    @Test
    void watching_stops_the_command_at_the_first_line_looked_for() throws Exception {
        Watched watched = assertTimeoutPreemptively(HANG_GUARD, () -> ProcessRunner.watch(
                List.of("sh", "-c", "echo booting; echo 'Linux version 6.1' >&2; exec sleep 615"),
                Duration.ofSeconds(20), line -> line.contains("Linux version")));

        assertThat(watched).isInstanceOfSatisfying(Watched.LineSeen.class, seen -> {
            assertThat(seen.line()).isEqualTo("Linux version 6.1");
            assertThat(seen.after()).isLessThan(Duration.ofSeconds(20));
        });
        assertNoDescendant("615");
    }

    @Test
    void a_line_printed_just_before_the_command_ends_is_still_seen() throws Exception {
        for (int i = 0; i < 20; i++) {
            Watched watched = ProcessRunner.watch(List.of("sh", "-c", "echo 'Linux version 6.1'; exit 0"),
                    Duration.ofSeconds(20), line -> line.contains("Linux version"));

            assertThat(watched).as("run " + i).isInstanceOf(Watched.LineSeen.class);
        }
    }

    @Test
    void watching_a_command_that_ends_without_the_line_gives_its_result_at_once() throws Exception {
        long start = System.nanoTime();
        Watched watched = ProcessRunner.watch(List.of("sh", "-c", "echo 'KVM_CREATE_VM failed' >&2; exit 1"),
                Duration.ofSeconds(60), line -> line.contains("Linux version"));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(watched).isInstanceOfSatisfying(Watched.Ended.class, ended -> {
            assertThat(ended.result().exitCode()).isEqualTo(1);
            assertThat(ended.result().stderr()).contains("KVM_CREATE_VM failed");
        });
    }

    @Test
    void watching_a_silent_command_times_out() {
        assertThatThrownBy(() -> assertTimeoutPreemptively(HANG_GUARD, () -> ProcessRunner.watch(
                List.of("sh", "-c", "echo 'qemu: starting'; exec sleep 616"), Duration.ofSeconds(1),
                line -> line.contains("Linux version"))))
                .isInstanceOf(ProcessFailure.TimedOut.class);
        assertNoDescendant("616");
    }

    private static void assertGone(long pid) {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (running(pid)) {
            if (System.nanoTime() > deadline) {
                fail("process " + pid + " still runs");
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    /** Killed means a zombie or gone: an orphan waits for pid 1 to reap it, which some inits do slowly. */
    static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException gone) {
            return false;
        }
    }

    private static boolean hasDescendant(String sleepArgument) {
        return ProcessHandle.current().descendants().anyMatch(p -> p.isAlive()
                && p.info().command().orElse("").endsWith("sleep")
                && List.of(p.info().arguments().orElse(new String[0])).contains(sleepArgument));
    }

    /** The pid a command wrote to {@code file}, once it has. */
    private static long awaitPid(Path file) throws IOException {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (!Files.exists(file) || !Files.readString(file).endsWith("\n")) {
            if (System.nanoTime() > deadline) {
                fail("no pid in " + file);
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
        return Long.parseLong(Files.readString(file).strip());
    }

    private static void assertNoDescendant(String sleepArgument) {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (hasDescendant(sleepArgument)) {
            if (System.nanoTime() > deadline) {
                fail("sleep " + sleepArgument + " outlived the runner");
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }
}
