package dev.nestbox.application.provisioning;

import dev.nestbox.application.health.Dependencies;
import dev.nestbox.application.port.out.Clock;
import dev.nestbox.application.port.out.GuestProvisioner;
import dev.nestbox.application.port.out.Hostings;
import dev.nestbox.application.port.out.Hypervisor;
import dev.nestbox.application.port.out.ReverseProxy;
import dev.nestbox.application.port.out.Telemetry;
import dev.nestbox.application.service.SiteLocks;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.HostingStatus;
import dev.nestbox.domain.hosting.ProvisioningStep;
import dev.nestbox.domain.hosting.SiteName;
import dev.nestbox.domain.hosting.Transition;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one hosting from its recorded step to RUNNING, or to FAILED with its resources released.
 *
 * <p>Steps that make something (disk, machine, guest set-up, routes) run under the site's lock, after re-reading
 * the hosting: a teardown holds the same lock, so it either comes before (and the step sees the hosting gone and
 * makes nothing) or after (and removes what the step made). Waiting for the guest happens outside the lock, in
 * slices, so a deletion never waits for a slow boot.
 */
final class StepDriver {
    private static final Logger LOG = LoggerFactory.getLogger(StepDriver.class);

    private final Hostings hostings;
    private final Hypervisor hypervisor;
    private final GuestProvisioner guests;
    private final ReverseProxy proxy;
    private final Clock clock;
    private final SiteLocks locks;
    private final ProvisioningSettings settings;
    private final BooleanSupplier stopping;
    private final Dependencies dependencies;
    private final Telemetry telemetry;
    /** Runs the early route publication beside the guest set-up of the same hosting. */
    private final ExecutorService sideThreads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "provisioning-side");
        thread.setDaemon(true);
        return thread;
    });

    StepDriver(Hostings hostings, Hypervisor hypervisor, GuestProvisioner guests, ReverseProxy proxy, Clock clock,
               SiteLocks locks, ProvisioningSettings settings, BooleanSupplier stopping, Dependencies dependencies,
               Telemetry telemetry) {
        this.dependencies = dependencies;
        this.telemetry = telemetry;
        this.hostings = hostings;
        this.hypervisor = hypervisor;
        this.guests = guests;
        this.proxy = proxy;
        this.clock = clock;
        this.locks = locks;
        this.settings = settings;
        this.stopping = stopping;
    }

    /**
     * Returns when the hosting is RUNNING, FAILED, gone, claimed by a deletion, or the worker is stopping. The
     * deadline counts from {@code startedAt}, when a worker took the hosting, so time spent queued never counts.
     *
     * @throws StoreFailure when the store could not be read or written: nothing was failed or released (a healthy
     *                      machine stays), and the hosting is still recorded where it was, for a later retry
     * @throws Outage       when a step failed while an outside system it needs is down: likewise nothing was failed
     *                      or released, and the hosting waits where it was recorded until the system is back
     */
    void drive(Hosting submitted, Instant startedAt) throws InterruptedException {
        Progress progress = new Progress(startedAt);
        StepResult result = claim(submitted);
        while (true) {
            Hosting hosting;
            if (result instanceof StepResult.Next next) {
                hosting = next.hosting();
            } else if (result instanceof StepResult.NotOurs notOurs) {
                LOG.debug("provisioning of {} ends here: {}", submitted.site(), notOurs.why());
                return;
            } else if (result instanceof StepResult.Refused refused) {
                LOG.warn("hosting {}: {}", submitted.site(), refused.reason());
                return;
            } else if (result instanceof StepResult.DeadlinePassed passed) {
                fail(passed.hosting(), deadlineReason(passed.step(), progress), Optional.empty(),
                        Telemetry.FailureClass.DEADLINE);
                return;
            } else if (result instanceof StepResult.Stopping) {
                return;
            } else {
                throw new AssertionError("unhandled step result: " + result);
            }
            if (hosting.status() != HostingStatus.PROVISIONING) {
                return;
            }
            ProvisioningStep step = hosting.step();
            if (pastDeadline(progress)) {
                result = new StepResult.DeadlinePassed(hosting, step);
                continue;
            }
            try {
                Instant began = clock.now();
                result = perform(hosting, step, progress);
                if (result instanceof StepResult.Next) {
                    telemetry.stepCompleted(step, Duration.between(began, clock.now()));
                }
            } catch (StoreFailure e) {
                throw e;
            } catch (RuntimeException e) {
                if (stopping.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                    // Likely our own interruption surfacing as a dependency error: resume at the next start.
                    LOG.debug("provisioning of {} stopped during {}", hosting.site(), step.label(), e);
                    return;
                }
                Optional<String> outage = dependencies.outage();
                if (outage.isPresent()) {
                    throw new Outage(outage.get(), e);
                }
                fail(hosting, StepNames.describe(step) + " failed: " + message(e), Optional.of(e), failureOf(step));
                return;
            }
        }
    }

    /** Fails a hosting that never got a slot, so its owner learns instead of waiting for ever. */
    void reject(Hosting hosting, String reason) {
        fail(hosting, reason, Optional.empty(), Telemetry.FailureClass.CAPACITY);
    }

    private StepResult claim(Hosting submitted) {
        return holding(submitted.machine(), () -> {
            Optional<Hosting> stored = find(submitted.id());
            if (stored.isEmpty()) {
                return new StepResult.NotOurs("it was deleted");
            }
            if (stored.get().status() == HostingStatus.PROVISIONING) {
                return new StepResult.Next(stored.get());
            }
            if (stored.get().status() != HostingStatus.PENDING) {
                return new StepResult.NotOurs("it is " + stored.get().status().label());
            }
            return store(stored.get().startProvisioning(clock.now()), HostingStatus.PENDING);
        });
    }

    /** Runs {@code step}; the answer says how to go on, with the hosting recorded at the step after it if all went well. */
    private StepResult perform(Hosting hosting, ProvisioningStep step, Progress progress)
            throws InterruptedException {
        switch (step) {
            case CREATE_DISK:
                return locked(hosting, step, h -> hypervisor.createDisk(machine(h)));
            case START_VM:
                return locked(hosting, step, h -> hypervisor.start(machine(h)));
            case WAIT_SSH:
                // A spare is readied as far as it can be without a site, so that its claim has less to do.
                return waited(hosting, step, progress, slice -> guests.awaitSsh(hosting.address(), slice),
                        h -> { if (h.spare()) guests.prepare(h.machine(), h.address()); });
            case CONFIGURE_GUEST:
                return locked(hosting, step, h -> alongside(() -> publishEarly(h, progress),
                        () -> guests.configure(h.machine(), h.site(), h.address(), h.sshPublicKey())));
            case WAIT_HTTP:
                return waited(hosting, step, progress, slice -> guests.awaitHttp(hosting.address(), slice), h -> { });
            case PUBLISH_ROUTES:
                // Published by this run already unless that failed: nothing since could have withdrawn them but a
                // teardown or a failure, and then the hosting is no longer here (a restarted run publishes again).
                return locked(hosting, step, h -> {
                    if (!route(h).equals(progress.publishedEarly)) {
                        proxy.publish(route(h));
                    }
                });
            default:
                throw new IllegalStateException("a provisioning hosting cannot be at step " + step.label());
        }
    }

    private static ReverseProxy.Route route(Hosting hosting) {
        return new ReverseProxy.Route(hosting.site(), hosting.address(), hosting.sshPort());
    }

    /**
     * The routes, published while the guest is being set up (nginx's check and reload cost about as much as the
     * set-up of a warm spare): a provisioning hosting's routes may exist (the reconciler keeps them so), a failure
     * withdraws them, and the route step after the HTTP check has nothing left to do when this worked (it used to
     * wait its turn behind the other sites' reloads only to find the files unchanged). A failure here is only
     * logged: that step publishes them then, and fails the hosting if it must.
     */
    private void publishEarly(Hosting hosting, Progress progress) {
        try {
            ReverseProxy.Route route = route(hosting);
            proxy.publish(route);
            progress.publishedEarly = route;
        } catch (RuntimeException e) {
            LOG.info("routes of {} not published during its set-up ({}); the route step will", hosting.site(),
                    message(e));
        }
    }

    /**
     * Runs {@code background} on a thread of its own while {@code here} runs on this one, and returns when both are
     * done (so both happen under a lock the caller holds; the join outlasts an interruption and keeps its flag);
     * {@code here}'s failure is thrown.
     */
    private void alongside(Runnable background, Runnable here) {
        CompletableFuture<Void> other = CompletableFuture.runAsync(background, sideThreads);
        try {
            here.run();
        } finally {
            other.exceptionally(e -> {
                LOG.warn("unexpected failure beside a provisioning step", e);
                return null;
            }).join();
        }
    }

    private Hypervisor.Machine machine(Hosting hosting) {
        return Hypervisor.Machine.of(hosting, guests.provisioningPublicKey());
    }

    /** Under the site's lock: makes sure the hosting is still ours at {@code step}, acts, records the next step. */
    private StepResult locked(Hosting hosting, ProvisioningStep step, Consumer<Hosting> action) {
        return holding(hosting.machine(), () -> {
            Optional<Hosting> current = stillAt(hosting.id(), step);
            if (current.isEmpty()) {
                return notAt(step);
            }
            action.accept(current.get());
            return advance(current.get());
        });
    }

    /** Waits outside the lock until {@code probe} says ready, then records the step done, after {@code onReady}. */
    private StepResult waited(Hosting hosting, ProvisioningStep step, Progress progress,
                              Function<Duration, GuestProvisioner.Readiness> probe, Consumer<Hosting> onReady)
            throws InterruptedException {
        while (true) {
            if (stillAt(hosting.id(), step).isEmpty()) {
                return notAt(step);
            }
            Duration left = Duration.between(clock.now(), deadlineOf(progress));
            if (left.isNegative() || left.isZero()) {
                return new StepResult.DeadlinePassed(hosting, step);
            }
            GuestProvisioner.Readiness readiness = probe.apply(left.compareTo(settings.waitSlice()) < 0 ? left : settings.waitSlice());
            if (readiness instanceof GuestProvisioner.Readiness.Ready) {
                return locked(hosting, step, onReady);
            } else if (readiness instanceof GuestProvisioner.Readiness.NotReady notReady) {
                progress.lastReason = notReady.reason();
            } else {
                throw new AssertionError("unhandled readiness: " + readiness);
            }
            if (stopping.getAsBoolean()) {
                return new StepResult.Stopping();
            }
            Thread.sleep(settings.retryPause().toMillis());
        }
    }

    private Optional<Hosting> stillAt(HostingId id, ProvisioningStep step) {
        return find(id).filter(h -> h.status() == HostingStatus.PROVISIONING && h.step() == step);
    }

    private static StepResult notAt(ProvisioningStep step) {
        return new StepResult.NotOurs("it is gone, being deleted, or no longer at " + step.label());
    }

    private StepResult advance(Hosting hosting) {
        ProvisioningStep next = hosting.step().next();
        Transition transition;
        if (hosting.spare() && next == ProvisioningStep.CONFIGURE_GUEST) {
            transition = hosting.becomeSpare(clock.now());
        } else if (hosting.spare() && next.compareTo(ProvisioningStep.CONFIGURE_GUEST) > 0) {
            throw new IllegalStateException("spare " + hosting.site() + " cannot be set up before it is claimed");
        } else {
            transition = next == ProvisioningStep.DONE
                    ? hosting.markRunning(clock.now())
                    : hosting.reachStep(next, clock.now());
        }
        StepResult stored = store(transition, HostingStatus.PROVISIONING);
        if (stored instanceof StepResult.Next spare && spare.hosting().status() == HostingStatus.SPARE) {
            LOG.info("spare {} ({}) is ready in the warm pool", spare.hosting().site(), spare.hosting().plan().name());
            telemetry.spareReady(Duration.between(spare.hosting().createdAt(), clock.now()));
        }
        if (stored instanceof StepResult.Next recorded && recorded.hosting().status() == HostingStatus.RUNNING) {
            LOG.info("hosting {} is running", recorded.hosting().site());
            telemetry.provisioned(Duration.between(recorded.hosting().createdAt(), clock.now()));
        }
        return stored;
    }

    private StepResult store(Transition transition, HostingStatus expected) {
        if (transition instanceof Transition.Applied applied) {
            Hosting next = applied.hosting();
            boolean replaced;
            try {
                replaced = hostings.replace(next, expected);
            } catch (RuntimeException e) {
                throw new StoreFailure("could not record " + next.site() + " as " + next.status().label() + " "
                        + next.step().label(), e);
            }
            return replaced ? new StepResult.Next(next)
                    : new StepResult.NotOurs("it left " + expected.label() + " meanwhile");
        } else if (transition instanceof Transition.Refused) {
            return new StepResult.Refused(transition.toString());
        }
        throw new AssertionError("unhandled transition: " + transition);
    }

    /** Under the site's lock; a site that cannot be locked is a store failure: retried later, never failed. */
    private <T> T holding(SiteName site, Supplier<T> action) {
        try {
            return locks.holding(site, action);
        } catch (SiteLocks.Unavailable e) {
            throw new StoreFailure("could not lock site " + site, e);
        }
    }

    private void holding(SiteName site, Runnable action) {
        holding(site, () -> {
            action.run();
            return null;
        });
    }

    /**
     * Releases the machine, disk and routes, then records the failure, so a crash in between leaves a hosting
     * that the next start resumes and fails again rather than a FAILED one still holding a machine.
     */
    private void fail(Hosting hosting, String reason, Optional<RuntimeException> cause,
                      Telemetry.FailureClass failure) {
        if (cause.isPresent()) {
            LOG.warn("provisioning of {} failed: {}", hosting.site(), reason, cause.get());
        } else {
            LOG.warn("provisioning of {} failed: {}", hosting.site(), reason);
        }
        holding(hosting.machine(), () -> {
            Optional<Hosting> current = find(hosting.id())
                    .filter(h -> h.status() == HostingStatus.PROVISIONING || h.status() == HostingStatus.PENDING);
            if (current.isEmpty()) {
                return;
            }
            Hosting stored = current.get();
            release(stored);
            if (stored.spare()) {
                // No one waits for a spare: it goes, and the pool makes another.
                remove(stored);
                return;
            }
            StepResult failed = store(stored.fail(reason, clock.now()), stored.status());
            if (failed instanceof StepResult.Refused refused) {
                LOG.warn("hosting {}: {}", stored.site(), refused.reason());
            } else if (failed instanceof StepResult.Next) {
                telemetry.provisioningFailed(failure);
            }
        });
    }

    /** Releases again what a FAILED hosting may still hold, in case the release at failure time itself failed. */
    void settleFailed(Hosting hosting) {
        holding(hosting.machine(), () -> {
            Optional<Hosting> failed = find(hosting.id()).filter(h -> h.status() == HostingStatus.FAILED);
            if (failed.isPresent()) {
                release(failed.get());
                if (failed.get().spare()) {
                    remove(failed.get());
                }
            }
        });
    }

    /**
     * Stops and removes a spare waiting in the pool (its machine was lost, or the pool shrank); false when it is no
     * longer a waiting spare (a request claimed it meanwhile).
     */
    boolean discardSpare(Hosting spare, String why) {
        return holding(spare.machine(), () -> {
            Optional<Hosting> current = find(spare.id())
                    .filter(h -> h.status() == HostingStatus.SPARE && h.spare());
            if (current.isEmpty()) {
                return false;
            }
            // Marked first, guarded by its status: a request that claims it at this moment either wins (and the
            // spare is no longer ours to discard) or finds it deleting and claims another.
            Transition deleting = current.get().markDeleting(clock.now());
            if (!(deleting instanceof Transition.Applied applied)
                    || !(store(deleting, HostingStatus.SPARE) instanceof StepResult.Next)) {
                return false;
            }
            LOG.info("discarding spare {}: {}", spare.site(), why);
            release(applied.hosting());
            remove(applied.hosting());
            return true;
        });
    }

    private void remove(Hosting spare) {
        try {
            hostings.remove(spare.id());
        } catch (RuntimeException e) {
            throw new StoreFailure("could not remove spare " + spare.site(), e);
        }
    }

    /** Best effort, each part on its own: a failing hypervisor must not keep the routes published. */
    private void release(Hosting hosting) {
        if (!hosting.spare()) {
            try {
                proxy.withdraw(hosting.site());
            } catch (RuntimeException e) {
                LOG.warn("could not withdraw the routes of {}", hosting.site(), e);
            }
        }
        try {
            hypervisor.destroy(hosting.id(), hosting.machine());
        } catch (RuntimeException e) {
            LOG.warn("could not destroy the machine of {}", hosting.site(), e);
        }
        try {
            guests.forget(hosting.machine());
        } catch (RuntimeException e) {
            LOG.warn("could not forget the guest of {}", hosting.site(), e);
        }
    }

    /** Reads the hosting; a store that throws becomes a {@link StoreFailure}, never a reason to fail the hosting. */
    private Optional<Hosting> find(HostingId id) {
        try {
            return hostings.byId(id);
        } catch (RuntimeException e) {
            throw new StoreFailure("could not read hosting " + id.value(), e);
        }
    }

    private boolean pastDeadline(Progress progress) {
        return !clock.now().isBefore(deadlineOf(progress));
    }

    private Instant deadlineOf(Progress progress) {
        return progress.startedAt.plus(settings.deadline());
    }

    private String deadlineReason(ProvisioningStep step, Progress progress) {
        String last = progress.lastReason.isBlank() ? "" : " (" + progress.lastReason + ")";
        return "did not become ready within " + StepNames.duration(settings.deadline()) + ": stopped while "
                + StepNames.describe(step) + last;
    }

    /** The guest's own steps fail because of the guest; the others because the hypervisor or proxy refused. */
    private static Telemetry.FailureClass failureOf(ProvisioningStep step) {
        return switch (step) {
            case CREATE_DISK, START_VM, PUBLISH_ROUTES -> Telemetry.FailureClass.DEPENDENCY;
            case WAIT_SSH, CONFIGURE_GUEST, WAIT_HTTP -> Telemetry.FailureClass.GUEST;
            default -> Telemetry.FailureClass.OTHER;
        };
    }

    private static String message(RuntimeException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? "unexpected " + e.getClass().getSimpleName() : message;
    }

    /** What the current run learnt, for a failure reason a user can act on. */
    private static final class Progress {
        final Instant startedAt;
        String lastReason = "";
        /** The route this run published beside the guest set-up (under the lock, while provisioning), if it did. */
        volatile ReverseProxy.Route publishedEarly;

        Progress(Instant startedAt) {
            this.startedAt = startedAt;
        }
    }

    /** A system the steps need is down: the step's failure is not the hosting's, so it waits instead of failing. */
    static final class Outage extends RuntimeException {
        Outage(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The store failed: the hosting's fate is unknown here, so it is retried later rather than failed now. */
    static final class StoreFailure extends RuntimeException {
        StoreFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
