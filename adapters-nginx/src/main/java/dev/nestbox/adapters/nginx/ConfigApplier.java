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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of our configuration files. Callers hand in changes and wait; one thread gathers whatever
 * arrived meanwhile (within the coalesce window) and hands it to {@link BatchCommit} as one batch, which writes it,
 * validates it with one {@code nginx -t} and reloads once. A caller returns only after a reload that includes its
 * change.
 */
final class ConfigApplier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigApplier.class);
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

    /** A caller's plan and where the caller waits for its outcome. */
    record Pending(Plan plan, CompletableFuture<List<FileChange>> done) {
    }

    private final BatchCommit commit;
    private final Duration coalesceWindow;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    private volatile boolean open = true;

    ConfigApplier(NginxProcess nginx, Duration coalesceWindow) {
        this.commit = new BatchCommit(nginx, new ConfigWriter());
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
                commit.commit(batch);
            } catch (RuntimeException | Error e) {
                LOG.error("applying nginx changes failed unexpectedly", e);
                batch.forEach(p -> p.done().completeExceptionally(e));
            }
        }
    }
}
