package dev.nestbox.application.provisioning;

import dev.nestbox.application.health.Dependencies;
import dev.nestbox.application.port.out.Clock;
import dev.nestbox.application.port.out.GuestProvisioner;
import dev.nestbox.application.port.out.Hostings;
import dev.nestbox.application.port.out.Hypervisor;
import dev.nestbox.application.port.out.ReverseProxy;
import dev.nestbox.application.port.out.Telemetry;
import dev.nestbox.application.service.HostingTeardown;
import dev.nestbox.application.service.SiteLocks;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.HostingStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes recorded hostings real, a few at a time: each submitted hosting waits in a bounded queue for one of
 * {@code concurrency} slots, then goes through the steps of {@link dev.nestbox.domain.hosting.ProvisioningStep}.
 * The store is the memory: every step is recorded before it runs, so {@link #start()} after a restart resumes
 * each hosting where it was; {@link #close()} stops without failing anything.
 *
 * <p>A store that throws never strands a hosting: the step driver then neither fails nor releases it, and a sweeper
 * (at {@link #start()} and every {@link ProvisioningSettings#sweepInterval()}) takes up again every pending or
 * provisioning hosting that no worker thread holds. The sweeper also finishes deletions whose teardown failed (a
 * hypervisor or proxy that did not answer), backing off for each one: one sweep interval after the first failure,
 * twice as long after each further one, at most {@link #MAX_DELETION_BACKOFF}.
 *
 * <p>Nor does an outside system that is down (the hypervisor not answering, the proxy not running) fail hostings:
 * each sweep first probes the {@link Dependencies}; while one is down nothing is taken up, a step that failed
 * because of it leaves its hosting where it was recorded (its deadline starting afresh when it is taken up again),
 * and work resumes by itself at the first sweep that finds every system back.
 */
public final class ProvisioningWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProvisioningWorker.class);
    /** The longest pause between two tries of a failing deletion. */
    public static final Duration MAX_DELETION_BACKOFF = Duration.ofMinutes(30);
    /**
     * Claimed spares set up at once, at least (the boot slots when there are more). A claim's thread mostly waits
     * (SSH, HTTP, nginx): with 8, the 9th and 10th of ten claims at once waited ~5 s for a thread.
     */
    static final int CLAIM_THREADS = 16;

    private final Hostings hostings;
    private final HostingTeardown teardown;
    private final ProvisioningSettings settings;
    private final StepDriver driver;
    private final ThreadPoolExecutor pool;
    /**
     * Claimed spares go on here, not behind cold boots in {@link #pool}: their steps left (set-up over SSH, the
     * HTTP check, the routes) take a second or two, and the user is waiting for them. Their number is bounded by
     * the warm pool's size, so the queue is too.
     */
    private final ThreadPoolExecutor claims;
    private final List<Runnable> sweepTasks = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger claimsInFlight = new AtomicInteger();
    private final Set<HostingId> inFlight = ConcurrentHashMap.newKeySet();
    /** When a worker first took each unsettled hosting in this process: its deadline counts from there. */
    private final Map<HostingId, Instant> startedAt = new ConcurrentHashMap<>();
    private final Clock clock;
    private final ScheduledExecutorService sweeper;
    /** Deletions whose teardown failed, with when to try each again. */
    private final Map<HostingId, DeletionRetry> deletionRetries = new ConcurrentHashMap<>();
    private final AtomicLong sweeps = new AtomicLong();
    private final Dependencies dependencies;
    private volatile boolean closed;
    /** What the last probe found down; hostings are not taken up meanwhile. */
    private volatile Optional<String> outage = Optional.empty();
    /** Whether what the last run left (deletions, failed hostings' leftovers) has been dealt with. */
    private volatile boolean recovered;

    public ProvisioningWorker(Hostings hostings, Hypervisor hypervisor, GuestProvisioner guests, ReverseProxy proxy,
                              Clock clock, SiteLocks locks, HostingTeardown teardown, ProvisioningSettings settings) {
        this(hostings, hypervisor, guests, proxy, clock, locks, teardown, settings, Dependencies.none());
    }

    public ProvisioningWorker(Hostings hostings, Hypervisor hypervisor, GuestProvisioner guests, ReverseProxy proxy,
                              Clock clock, SiteLocks locks, HostingTeardown teardown, ProvisioningSettings settings,
                              Dependencies dependencies) {
        this(hostings, hypervisor, guests, proxy, clock, locks, teardown, settings, dependencies, Telemetry.NONE);
    }

    public ProvisioningWorker(Hostings hostings, Hypervisor hypervisor, GuestProvisioner guests, ReverseProxy proxy,
                              Clock clock, SiteLocks locks, HostingTeardown teardown, ProvisioningSettings settings,
                              Dependencies dependencies, Telemetry telemetry) {
        this.dependencies = dependencies;
        this.hostings = hostings;
        this.teardown = teardown;
        this.settings = settings;
        this.clock = clock;
        this.driver = new StepDriver(hostings, hypervisor, guests, proxy, clock, locks, settings, () -> closed,
                dependencies, telemetry);
        this.pool = new ThreadPoolExecutor(settings.concurrency(), settings.concurrency(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(settings.queueSize()), new Named("nestbox-provisioning"));
        // A claim's thread mostly waits on its guest (SSH, HTTP) and on nginx: more of them than boot slots.
        int claimThreads = Math.max(settings.concurrency(), CLAIM_THREADS);
        this.claims = new ThreadPoolExecutor(claimThreads, claimThreads, 60, TimeUnit.SECONDS,
                new java.util.concurrent.LinkedBlockingQueue<>(), new Named("nestbox-claimed-spares"));
        claims.allowCoreThreadTimeOut(true);   // idle between bursts: no threads kept for nothing
        this.sweeper = Executors.newSingleThreadScheduledExecutor(new Named("nestbox-provisioning-sweeper"));
    }

    /** Runs {@code task} at the end of every sweep, on the sweeper's thread (the warm pool's refill). */
    public void alsoOnSweep(Runnable task) {
        sweepTasks.add(task);
    }

    /** Runs {@code task} on the sweeper's thread soon, after what it is doing; dropped once closed. */
    public void onSweeperSoon(Runnable task) {
        if (closed) {
            return;
        }
        try {
            sweeper.execute(() -> {
                if (outage.isEmpty() && !closed) {
                    task.run();
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("sweeper closed; {} not run", task);
        }
    }

    /** See {@link StepDriver#discardSpare}. */
    public boolean discardSpare(Hosting spare, String why) {
        return driver.discardSpare(spare, why);
    }

    /** A claimed spare: a user's hosting on a machine that was made as a spare, so named for the spare. */
    private static boolean claimedSpare(Hosting hosting) {
        return !hosting.spare() && !hosting.machine().equals(hosting.site());
    }

    private void execute(Hosting hosting) {
        if (!claimedSpare(hosting)) {
            pool.execute(() -> run(hosting));
            return;
        }
        claimsInFlight.incrementAndGet();
        try {
            claims.execute(() -> {
                try {
                    run(hosting);
                } finally {
                    // The warm pool waits while claims are set up (a booting spare takes their CPU): now it may go.
                    if (claimsInFlight.decrementAndGet() == 0) {
                        sweepTasks.forEach(this::onSweeperSoon);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            claimsInFlight.decrementAndGet();
            throw e;
        }
    }

    /**
     * Picks up what the last run left: finishes interrupted deletions, releases what failed hostings may still
     * hold, and resumes every pending or provisioning hosting, oldest first; those the queue has no room for wait
     * in the store for the sweeper, which starts here. A hosting resumed from an earlier run gets its whole deadline
     * again, counted from when a worker of this run takes it: the time the server was down (minutes, or a night)
     * was not the hosting's. While an outside system is down, all of this waits for the first sweep that finds it
     * back.
     */
    public void start() {
        sweep();
        long interval = settings.sweepInterval().toMillis();
        sweeper.scheduleWithFixedDelay(this::sweep, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** Once per worker, when every outside system first answers; false when the store did not answer. */
    private boolean recoverLeftovers() {
        try {
            for (Hosting failed : hostings.inStatus(Set.of(HostingStatus.FAILED))) {
                driver.settleFailed(failed);
            }
            return true;
        } catch (RuntimeException e) {
            // The store is not answering: provisioning still starts, and the sweeper takes hostings up once it does.
            LOG.warn("could not read the hostings left by the last run; the sweeper retries", e);
            return false;
        }
    }

    /**
     * Probes the outside systems; when all answer, settles what the last run left (once), retries the deletions
     * that are due, then offers every pending or provisioning hosting that no worker thread holds, oldest first.
     */
    private void sweep() {
        try {
            if (!probe()) {
                return;
            }
            if (!recovered) {
                recovered = recoverLeftovers();
            }
            retryDeletions();
            offerUnheld();
            for (Runnable task : sweepTasks) {
                if (closed) {
                    break;
                }
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("a sweep task failed; the next sweep runs it again", e);
                }
            }
        } finally {
            sweeps.incrementAndGet();
        }
    }

    /**
     * Tears down again every DELETING hosting whose retry is due (one seen for the first time is due at once: its
     * deletion failed, or was cut short by a crash). A teardown still running elsewhere holds the site's lock, so the
     * retry waits for it and then finds the hosting gone.
     */
    private void retryDeletions() {
        List<Hosting> deleting;
        try {
            deleting = hostings.inStatus(Set.of(HostingStatus.DELETING));
        } catch (RuntimeException e) {
            LOG.warn("could not look for deletions to finish; the next sweep retries", e);
            return;
        }
        deletionRetries.keySet().retainAll(deleting.stream().map(Hosting::id).collect(Collectors.toSet()));
        for (Hosting hosting : deleting) {
            if (closed) {
                return;
            }
            DeletionRetry retry = deletionRetries.get(hosting.id());
            Instant now = clock.now();
            if (retry != null && now.isBefore(retry.due())) {
                continue;
            }
            try {
                teardown.tearDown(hosting);
                deletionRetries.remove(hosting.id());
            } catch (RuntimeException e) {
                DeletionRetry next = DeletionRetry.after(retry, now, settings.sweepInterval());
                deletionRetries.put(hosting.id(), next);
                LOG.warn("could not finish deleting {} ({} failed tries); trying again at {}",
                        hosting.site(), next.failures(), next.due(), e);
            }
        }
    }

    private void offerUnheld() {
        try {
            hostings.inStatus(Set.of(HostingStatus.PENDING, HostingStatus.PROVISIONING)).stream()
                    .sorted(Comparator.comparing(Hosting::createdAt))
                    .filter(h -> !inFlight.contains(h.id()))
                    .forEach(this::offer);
        } catch (RuntimeException e) {
            LOG.warn("could not look for hostings to provision; the next sweep retries", e);
        }
    }

    /** True when every outside system answers; logs when an outage begins and ends. */
    private boolean probe() {
        Optional<String> found;
        try {
            found = dependencies.outage();
        } catch (RuntimeException e) {
            found = Optional.of("could not probe the outside systems: " + e.getMessage());
        }
        Optional<String> before = outage;
        outage = found;
        if (found.isPresent() && !found.equals(before)) {
            LOG.warn("provisioning waits: {}; probing again in {}", found.get(), settings.sweepInterval());
        } else if (found.isEmpty() && before.isPresent()) {
            LOG.info("provisioning resumes: every outside system answers again");
        }
        return found.isEmpty();
    }

    /** What keeps provisioning waiting, as the last probe found it; empty when nothing does. */
    public Optional<String> outage() {
        return outage;
    }

    /**
     * Queues a pending or provisioning hosting if there is room; the answer is whether it is now queued or being
     * provisioned (a hosting already held counts, and so does one offered while closing: the next start resumes
     * it). Unlike {@link #submit}, a refusal leaves the hosting as it is: the caller decides (a new request removes
     * it and answers 503; the sweeper tries again later).
     */
    public boolean offer(Hosting hosting) {
        if (closed) {
            // Recorded, so not lost: the next start resumes it (as submit does).
            LOG.info("worker closed; {} resumes at the next start", hosting.site());
            return true;
        }
        if (!inFlight.add(hosting.id())) {
            return true;
        }
        try {
            execute(hosting);
            return true;
        } catch (RejectedExecutionException e) {
            inFlight.remove(hosting.id());
            return false;
        }
    }

    /** Queues a pending or provisioning hosting; a hosting already queued or running is not queued twice. */
    public void submit(Hosting hosting) {
        if (closed) {
            LOG.info("worker closed; {} resumes at the next start", hosting.site());
            return;
        }
        if (!inFlight.add(hosting.id())) {
            return;
        }
        try {
            execute(hosting);
        } catch (RejectedExecutionException e) {
            inFlight.remove(hosting.id());
            if (!closed) {
                try {
                    driver.reject(hosting, "the host is busy setting up " + settings.queueSize()
                            + " other sites; delete this one and try again later");
                } catch (RuntimeException failure) {
                    LOG.warn("could not record that {} found no room; the sweeper takes it up again",
                            hosting.site(), failure);
                }
            }
        }
    }

    /** Claimed spares being set up or waiting for a claim thread right now. */
    public int claimsInFlight() {
        return claimsInFlight.get();
    }

    /** Hostings queued or being provisioned right now. */
    public int inFlight() {
        return inFlight.size();
    }

    /** Hostings waiting in the queue for a free slot. */
    public int queued() {
        return pool.getQueue().size();
    }

    /** Workers provisioning a hosting right now (claimed spares included). */
    public int busyWorkers() {
        return pool.getActiveCount() + claims.getActiveCount();
    }

    /** Stops every step (waits for guests are interrupted); the hostings stay as recorded and resume at start. */
    @Override
    public void close() {
        closed = true;
        sweeper.shutdownNow();
        pool.shutdownNow();
        claims.shutdownNow();
        try {
            long waitUntil = System.nanoTime() + settings.closeTimeout().toNanos();
            boolean done = pool.awaitTermination(settings.closeTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    && claims.awaitTermination(Math.max(0, waitUntil - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (!done) {
                LOG.warn("provisioning steps still running after {}", settings.closeTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(Hosting hosting) {
        try {
            if (outage.isPresent()) {
                // Left as recorded: the first sweep that finds every system back takes it up.
                return;
            }
            driver.drive(hosting, startedAt.computeIfAbsent(hosting.id(), id -> clock.now()));
            startedAt.remove(hosting.id());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (StepDriver.Outage e) {
            // Time spent waiting for the system is not the hosting's: its deadline starts afresh when taken up again.
            startedAt.remove(hosting.id());
            outage = Optional.of(e.getMessage());
            LOG.warn("provisioning of {} waits: {}", hosting.site(), e.getMessage(), e);
        } catch (RuntimeException e) {
            // The store itself failed, so nothing could be recorded and nothing was released: the sweeper takes
            // the hosting up again where it is recorded, with its deadline still counting from its first start.
            LOG.error("provisioning of {} stopped; the sweeper retries it", hosting.site(), e);
        } finally {
            inFlight.remove(hosting.id());
        }
    }

    /** Sweeps done since start, for tests that wait for the sweeper to have looked. */
    long sweeps() {
        return sweeps.get();
    }

    /** Deletion retries that have failed so far for the hosting, for tests. */
    int failedDeletionTries(HostingId id) {
        DeletionRetry retry = deletionRetries.get(id);
        return retry == null ? 0 : retry.failures();
    }

    /** How long to wait after the {@code failures}-th failed try of a deletion: doubling from {@code first}, capped. */
    static Duration deletionPause(int failures, Duration first) {
        Duration pause = first;
        for (int i = 1; i < failures && pause.compareTo(MAX_DELETION_BACKOFF) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return pause.compareTo(MAX_DELETION_BACKOFF) < 0 ? pause : MAX_DELETION_BACKOFF;
    }

    /** A deletion that failed {@code failures} times in a row, next tried at {@code due}. */
    private record DeletionRetry(int failures, Instant due) {
        static DeletionRetry after(DeletionRetry previous, Instant now, Duration firstPause) {
            int failures = previous == null ? 1 : previous.failures + 1;
            return new DeletionRetry(failures, now.plus(deletionPause(failures, firstPause)));
        }
    }

    private static final class Named implements ThreadFactory {
        private final String prefix;
        private final AtomicInteger count = new AtomicInteger();

        Named(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
