package dev.nestbox.adapters.os;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Runs a host command with a timeout that fires. The timeout starts with the command, not after its output ends:
 * stdout and stderr are drained on their own threads while we wait for the exit, so neither a child that hangs
 * silently nor a grandchild that keeps the pipes open can hold the caller past {@code timeout} plus a second. On
 * timeout or interrupt the child and everything it started are killed. Stdin is {@code /dev/null}.
 */
public final class ProcessRunner {
    /** Bytes kept of each output stream: the end, where the error usually is. */
    public static final int CAPTURE_LIMIT = 64 * 1024;
    /** How long output may still arrive after the child ended; longer means a grandchild holds the pipe. */
    static final Duration PIPE_GRACE = Duration.ofSeconds(1);
    /** How long a killed child may take to be reaped; SIGKILL is not refused, only a stuck kernel call delays it. */
    private static final Duration KILL_GRACE = Duration.ofSeconds(5);
    private static final File NO_INPUT = new File("/dev/null");

    private ProcessRunner() {
    }

    /** Runs {@code command} to its end, whatever its exit code. */
    public static ProcessResult run(List<String> command, Duration timeout) throws ProcessFailure {
        Watched watched = watch(command, timeout, line -> false);
        return ((Watched.Ended) watched).result();
    }

    /** Runs {@code command} to its end and insists on exit code 0. */
    public static ProcessResult runToSuccess(List<String> command, Duration timeout) throws ProcessFailure {
        ProcessResult result = run(command, timeout);
        if (!result.succeeded()) {
            throw new ProcessFailure.ExitedNonZero(command, result);
        }
        return result;
    }

    /**
     * Runs {@code command} until it prints a line (on stdout or stderr) that {@code stopAt} accepts, then kills it;
     * or until it ends by itself. Lines are decoded as ISO-8859-1, so any byte sequence is a line.
     */
    public static Watched watch(List<String> command, Duration timeout, Predicate<String> stopAt)
            throws ProcessFailure {
        Objects.requireNonNull(stopAt, "stopAt");
        List<String> argv = List.copyOf(command);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least the program");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive: " + timeout);
        }
        long start = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(NO_INPUT)).start();
        } catch (IOException e) {
            throw new ProcessFailure.CouldNotStart(argv, e);
        }
        CompletableFuture<Watched.LineSeen> seen = new CompletableFuture<>();
        Predicate<String> safeStopAt = line -> {
            try {
                return stopAt.test(line);
            } catch (RuntimeException e) {
                return false;
            }
        };
        String name = "process-" + process.pid() + "-";
        OutputDrain out = OutputDrain.start(process.getInputStream(), CAPTURE_LIMIT,
                line -> noticeLine(line, safeStopAt, seen, start), name + "stdout");
        OutputDrain err = OutputDrain.start(process.getErrorStream(), CAPTURE_LIMIT,
                line -> noticeLine(line, safeStopAt, seen, start), name + "stderr");
        try {
            CompletableFuture.anyOf(process.onExit(), seen).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            killTree(process);
            throw new ProcessFailure.TimedOut(argv, timeout, collected(out, err));
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw new ProcessFailure.Interrupted(argv, e);
        } catch (ExecutionException e) {
            // Neither future completes exceptionally; should one ever, the child must not outlive us.
            killTree(process);
            throw new IllegalStateException("waiting for " + String.join(" ", argv) + " failed", e.getCause());
        }
        if (!seen.isDone()) {
            // It ended: what it printed last may still be in the pipes, the line looked for among it.
            awaitEnd(out, err);
        }
        if (seen.isDone()) {
            killTree(process);
            return seen.join();
        }
        return new Watched.Ended(new ProcessResult(process.exitValue(), out.text(), err.text()));
    }

    private static void noticeLine(String line, Predicate<String> stopAt, CompletableFuture<Watched.LineSeen> seen,
                                   long start) {
        if (!seen.isDone() && stopAt.test(line)) {
            seen.complete(new Watched.LineSeen(line, Duration.ofNanos(System.nanoTime() - start)));
        }
    }

    /** The child first, so it starts nothing new, then what it had started (looked up before, while still its own). */
    private static void killTree(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        boolean interrupted = Thread.interrupted();
        try {
            process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String collected(OutputDrain out, OutputDrain err) {
        awaitEnd(out, err);
        return ProcessResult.joined(out.text(), err.text());
    }

    /** One grace period for both streams together. */
    private static void awaitEnd(OutputDrain out, OutputDrain err) {
        long deadline = System.nanoTime() + PIPE_GRACE.toNanos();
        out.awaitEnd(PIPE_GRACE);
        err.awaitEnd(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
}
