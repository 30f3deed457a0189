package dev.nestbox.adapters.nginx;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The single writer of our configuration files. Callers hand in changes and wait; one thread gathers whatever
 * arrived meanwhile, writes it (through {@link ConfigWriter}), validates it with one {@code nginx -t} and reloads
 * once. Only when that validation fails does it try the changes one at a time, so the change that broke the
 * configuration is the one refused and the others still go live. A caller returns only after a reload that includes its change.
 */
final class ConfigApplier implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ConfigApplier.class.getName());
    private static final Duration IDLE_CHECK = Duration.ofMillis(200);

    /** Decides the changes at the moment they are applied, so it sees the files as they are then. */
    interface Plan {
        List<FileChange> changes(Batch batch) throws IOException;
    }

    /** The changes applied together; lets plans share one expensive look at the host for the whole batch. */
    static final class Batch {
        private final Map<String, Object> remembered = new HashMap<>();

        <T> T remember(String key, Class<T> type, Supplier<T> compute) {
            return type.cast(remembered.computeIfAbsent(key, k -> compute.get()));
        }
    }

    /** A file to hold {@code content}, or to be gone when the content is empty. */
    record FileChange(Path path, Optional<String> content) {
        static FileChange write(Path path, String content) {
            return new FileChange(path, Optional.of(content));
        }

        static FileChange delete(Path path) {
            return new FileChange(path, Optional.empty());
        }
    }

    private record Pending(Plan plan, CompletableFuture<List<FileChange>> done) {
    }

    /** A pending request with what it actually changed and how to take that back. */
    private record Unit(Pending pending, ConfigWriter.Written written) {
        List<FileChange> applied() {
            return written.applied();
        }
    }

    private final NginxProcess nginx;
    private final ConfigWriter files = new ConfigWriter();
    private final Duration coalesceWindow;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    private volatile boolean open = true;
    /** Files on disk nginx may not have loaded: at start (a previous run may have stopped mid-way) and after a failed reload. */
    private boolean reloadOwed = true;

    ConfigApplier(NginxProcess nginx, Duration coalesceWindow) {
        this.nginx = nginx;
        this.coalesceWindow = coalesceWindow;
        this.worker = new Thread(this::loop, "nestbox-nginx-applier");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** Applies the plan and returns the changes it made (identical content is no change); throws {@link NginxFailure}. */
    List<FileChange> apply(Plan plan) {
        if (!open) {
            throw new NginxFailure("the nginx adapter is closed");
        }
        CompletableFuture<List<FileChange>> done = new CompletableFuture<>();
        queue.add(new Pending(plan, done));
        try {
            while (true) {
                try {
                    return done.get(IDLE_CHECK.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillWorking) {
                    // A change queued just as the adapter closed would otherwise wait for ever.
                    if (!worker.isAlive() && queue.remove(pendingOf(done))) {
                        throw new NginxFailure("the nginx adapter was closed");
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NginxFailure("interrupted while waiting for nginx to take a change", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof NginxFailure failure) {
                throw failure;
            }
            throw new NginxFailure("applying an nginx change failed: " + e.getCause(), e.getCause());
        }
    }

    /** Changes handed in and not yet taken up by the writer: what its next batch will hold. */
    int waiting() {
        return queue.size();
    }

    private Pending pendingOf(CompletableFuture<List<FileChange>> done) {
        return queue.stream().filter(p -> p.done() == done).findFirst().orElse(null);
    }

    @Override
    public void close() {
        open = false;
        worker.interrupt();
        try {
            worker.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> p.done().completeExceptionally(new NginxFailure("the nginx adapter was closed")));
    }

    private void loop() {
        while (open) {
            List<Pending> batch = new ArrayList<>();
            try {
                Pending first = queue.poll(IDLE_CHECK.toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                if (!coalesceWindow.isZero()) {
                    Thread.sleep(coalesceWindow.toMillis());
                }
            } catch (InterruptedException e) {
                queue.drainTo(batch);
                batch.forEach(p -> p.done().completeExceptionally(new NginxFailure("the nginx adapter was closed")));
                return;
            }
            queue.drainTo(batch);
            try {
                process(batch);
            } catch (RuntimeException | Error e) {
                LOG.log(Level.SEVERE, "applying nginx changes failed unexpectedly", e);
                batch.forEach(p -> p.done().completeExceptionally(e));
            }
        }
    }

    private void process(List<Pending> batch) {
        Batch context = new Batch();
        List<Unit> units = new ArrayList<>();
        for (Pending pending : batch) {
            try {
                units.add(write(pending, context));
            } catch (IOException | RuntimeException e) {
                pending.done().completeExceptionally(e instanceof NginxFailure ? e
                        : new NginxFailure("cannot write nginx configuration: " + e, e));
            }
        }
        boolean changed = units.stream().anyMatch(u -> !u.applied().isEmpty());
        if (!changed && !reloadOwed) {
            units.forEach(u -> u.pending().done().complete(u.applied()));
            return;
        }
        Optional<String> rejection;
        try {
            rejection = nginx.validate();
        } catch (NginxFailure e) {
            revertAll(units);
            units.forEach(u -> u.pending().done().completeExceptionally(e));
            return;
        }
        List<Unit> kept = units;
        if (rejection.isPresent()) {
            revertAll(units);
            kept = units.size() == 1 ? refuse(units.get(0), rejection.get()) : oneByOne(units, context);
        }
        boolean keptChanges = kept.stream().anyMatch(u -> !u.applied().isEmpty());
        if (!keptChanges && !reloadOwed) {
            kept.forEach(u -> u.pending().done().complete(u.applied()));
            return;
        }
        if (rejection.isPresent() && !keptChanges) {
            // Every change was taken back, but a reload is still owed: only if what is on disk now passes.
            Optional<String> still;
            try {
                still = nginx.validate();
            } catch (NginxFailure e) {
                kept.forEach(u -> u.pending().done().completeExceptionally(e));
                return;
            }
            if (still.isPresent()) {
                kept.forEach(u -> u.pending().done().completeExceptionally(new NginxConfigRejected(still.get())));
                return;
            }
        }
        try {
            nginx.reload();
            reloadOwed = false;
            kept.forEach(u -> u.pending().done().complete(u.applied()));
        } catch (NginxFailure e) {
            reloadOwed = true;
            LOG.log(Level.WARNING, "nginx reload failed; the files stay and the next change reloads again", e);
            kept.forEach(u -> u.pending().done().completeExceptionally(e));
        }
    }

    /** After a batch was refused: each change alone, so only the ones that break the configuration are refused. */
    private List<Unit> oneByOne(List<Unit> refusedTogether, Batch context) {
        List<Unit> kept = new ArrayList<>();
        for (Unit earlier : refusedTogether) {
            Unit unit;
            try {
                unit = write(earlier.pending(), context);
            } catch (IOException | RuntimeException e) {
                earlier.pending().done().completeExceptionally(new NginxFailure("cannot write nginx configuration: " + e, e));
                continue;
            }
            if (unit.applied().isEmpty()) {
                kept.add(unit);
                continue;
            }
            Optional<String> rejection;
            try {
                rejection = nginx.validate();
            } catch (NginxFailure e) {
                revert(unit);
                unit.pending().done().completeExceptionally(e);
                continue;
            }
            if (rejection.isPresent()) {
                kept.addAll(refuse(unit, rejection.get()));
            } else {
                kept.add(unit);
            }
        }
        return kept;
    }

    private List<Unit> refuse(Unit unit, String rejection) {
        revert(unit);
        LOG.warning(() -> "nginx refused a change to " + paths(unit.applied()) + ", it was taken back: " + rejection);
        unit.pending().done().completeExceptionally(new NginxConfigRejected(rejection));
        return List.of();
    }

    private Unit write(Pending pending, Batch context) throws IOException {
        return new Unit(pending, files.write(pending.plan(), context));
    }

    private void revertAll(List<Unit> units) {
        for (int i = units.size() - 1; i >= 0; i--) {
            revert(units.get(i));
        }
    }

    private void revert(Unit unit) {
        files.revert(unit.written());
    }

    private static List<Path> paths(List<FileChange> changes) {
        return changes.stream().map(FileChange::path).toList();
    }
}
