package dev.nestbox.adapters.rest.security;

import dev.nestbox.application.port.out.PasswordHasher;
import dev.nestbox.domain.user.Password;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Bounds the CPU that bcrypt may take across all clients: at most {@code concurrency} hashes at once (one per
 * core by default), at most {@code waiting} more requests waiting up to {@code maxWait} for a slot, and every
 * other request refused at once with {@link PasswordHashingBusy}. Without it, a few dozen clients hashing on
 * Jetty's request threads saturate the host and every log-in queues for seconds.
 *
 * <p>The hash runs on the request's own thread once admitted: a separate executor would add a thread hop and
 * still leave the request thread blocked on the result, with the same bound on CPU.
 */
public final class BoundedPasswordHasher implements PasswordHasher {
    private final PasswordHasher hasher;
    private final Semaphore slots;
    private final Semaphore waitingRoom;
    private final int waitingRoomSize;
    private final Duration maxWait;
    private final Duration retryAfter;

    /**
     * @param concurrency hashes computed at once (at least 1)
     * @param waiting     requests that may wait for a slot; beyond them requests are refused without waiting
     * @param maxWait     how long a waiting request waits for a slot before it is refused
     * @param retryAfter  what refused clients are told to wait
     */
    public BoundedPasswordHasher(PasswordHasher hasher, int concurrency, int waiting, Duration maxWait,
                                 Duration retryAfter) {
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

    private <T> T bounded(Supplier<T> work) {
        admit();
        try {
            return work.get();
        } finally {
            slots.release();
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
