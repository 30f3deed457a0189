package dev.nestbox.adapters.rest.security;

import dev.nestbox.application.port.out.PasswordHasher;
import dev.nestbox.domain.user.Password;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Bounds the CPU that bcrypt may take across all clients: at most {@code concurrency} hashes at once (one per
 * core by default), at most {@code waiting} more requests waiting up to {@code maxWait} for a slot, and every
 * other request refused at once with {@link PasswordHashingBusy}. Without it, a few dozen clients hashing on
 * Jetty's request threads saturate the host and every log-in queues for seconds.
 *
 * <p>An admitted hash runs on one of {@code concurrency} dedicated hashing threads whose scheduling priority is
 * lowered (nice {@code nice}, Linux; see {@link LowPriorityThreads}), while the request's thread waits for the
 * result. On the request thread, bcrypt competed for the cores with request handling at the same priority: with
 * every core hashing, a refusal that needs a millisecond of CPU waited tens to hundreds of milliseconds for it.
 * A thread cannot raise its priority back once lowered, hence dedicated threads. A slot is given back when its
 * hash ends, not when its request stops waiting, so that the bound holds on the CPU actually used.
 */
public final class BoundedPasswordHasher implements PasswordHasher, AutoCloseable {
    /** The nice value of the hashing threads unless told otherwise. */
    public static final int DEFAULT_NICE = 10;

    private final PasswordHasher hasher;
    private final Semaphore slots;
    private final Semaphore waitingRoom;
    private final int waitingRoomSize;
    private final Duration maxWait;
    private final Duration retryAfter;
    private final ExecutorService hashing;

    /** As {@link #BoundedPasswordHasher(PasswordHasher, int, int, Duration, Duration, int)} at {@link #DEFAULT_NICE}. */
    public BoundedPasswordHasher(PasswordHasher hasher, int concurrency, int waiting, Duration maxWait,
                                 Duration retryAfter) {
        this(hasher, concurrency, waiting, maxWait, retryAfter, DEFAULT_NICE);
    }

    /**
     * @param concurrency hashes computed at once (at least 1), and the number of hashing threads
     * @param waiting     requests that may wait for a slot; beyond them requests are refused without waiting
     * @param maxWait     how long a waiting request waits for a slot before it is refused
     * @param retryAfter  what refused clients are told to wait
     * @param nice        the nice value the hashing threads run at (0-19; 0: the process's own priority)
     */
    public BoundedPasswordHasher(PasswordHasher hasher, int concurrency, int waiting, Duration maxWait,
                                 Duration retryAfter, int nice) {
        if (concurrency < 1 || waiting < 0 || maxWait.isNegative()) {
            throw new IllegalArgumentException("concurrency >= 1, waiting >= 0 and maxWait >= 0 are required");
        }
        this.hasher = hasher;
        // Fair, so that a newcomer does not overtake those already waiting.
        this.slots = new Semaphore(concurrency, true);
        this.waitingRoom = new Semaphore(waiting);
        this.waitingRoomSize = waiting;
        this.maxWait = maxWait;
        this.retryAfter = retryAfter;
        // As many threads as slots: an admitted hash never waits for a thread (the unbounded queue only bridges the
        // moment between a slot's release at the end of a hash and its thread taking the next one). Daemon threads,
        // started on first use, so that a server that never hashes has none.
        this.hashing = new ThreadPoolExecutor(concurrency, concurrency, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), new LowPriorityThreads("password-hashing", nice));
    }

    @Override
    public String hash(Password password) {
        return bounded(() -> hasher.hash(password));
    }

    @Override
    public boolean matches(Password candidate, String hash) {
        return bounded(() -> hasher.matches(candidate, hash));
    }

    @Override
    public String decoyHash() {
        return hasher.decoyHash();
    }

    /**
     * Whether a request arriving now would be refused: every slot taken and the waiting room full. A snapshot,
     * for refusing before any other work (parsing, a database lookup); the bound itself is kept by the hashing.
     */
    public boolean saturated() {
        return slots.availablePermits() == 0 && waitingRoom.availablePermits() == 0;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** Requests waiting for a slot right now. */
    int waiting() {
        return waitingRoomSize - waitingRoom.availablePermits();
    }

    /** Stops the hashing threads (a hash under way finishes); later hashes are refused as busy. */
    @Override
    public void close() {
        hashing.shutdown();
    }

    private <T> T bounded(Supplier<T> work) {
        admit();
        Future<T> result;
        try {
            result = hashing.submit(() -> {
                try {
                    return work.get();
                } finally {
                    slots.release();
                }
            });
        } catch (RejectedExecutionException e) { // closed
            slots.release();
            throw new PasswordHashingBusy(retryAfter);
        }
        try {
            return result.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            // The hash goes on to its end (bcrypt does not stop when interrupted) and gives its slot back then.
            Thread.currentThread().interrupt();
            throw new PasswordHashingBusy(retryAfter);
        } catch (CancellationException e) {
            throw new PasswordHashingBusy(retryAfter);
        }
    }

    private void admit() {
        try {
            if (slots.tryAcquire(0, TimeUnit.NANOSECONDS)) {
                return;
            }
            if (!waitingRoom.tryAcquire()) {
                throw new PasswordHashingBusy(retryAfter);
            }
            try {
                if (!slots.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
                    throw new PasswordHashingBusy(retryAfter);
                }
            } finally {
                waitingRoom.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PasswordHashingBusy(retryAfter);
        }
    }
}
