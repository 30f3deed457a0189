package dev.nestbox.application.service;

import dev.nestbox.application.port.out.Hypervisor;
import dev.nestbox.domain.hosting.SiteName;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request-time look for a site name's leftovers ({@link Hypervisor#resources(SiteName)}), bounded so that a
 * hypervisor that is down or stuck never holds a POST /host: past {@code wait}, or when it fails, the answer is
 * "none known" and the request goes on. That is safe because it is only the early, friendly half of the rule: the
 * disk and machine steps refuse any leftover that carries another hosting's id, whatever this look said, and the
 * hosting then fails with that reason instead of booting on someone else's disk.
 *
 * <p>At most {@code threads} looks run at once; more are answered "none known" at once rather than piling up
 * threads behind a hung hypervisor.
 */
public final class LeftoverLookup implements Function<SiteName, List<Hypervisor.Resource>>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeftoverLookup.class);

    private final Function<SiteName, List<Hypervisor.Resource>> lookup;
    private final Duration wait;
    private final ThreadPoolExecutor pool;

    public LeftoverLookup(Function<SiteName, List<Hypervisor.Resource>> lookup, Duration wait, int threads) {
        this.lookup = lookup;
        this.wait = wait;
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "nestbox-leftover-lookup");
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
    }

    @Override
    public List<Hypervisor.Resource> apply(SiteName site) {
        Future<List<Hypervisor.Resource>> answer;
        try {
            answer = pool.submit(() -> lookup.apply(site));
        } catch (RejectedExecutionException busy) {
            LOG.warn("the hypervisor is slow to list what is named {}; going on without it (the machine's steps "
                    + "check ownership themselves)", site);
            return List.of();
        }
        try {
            return answer.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            LOG.warn("the hypervisor did not list what is named {} within {}; going on without it (the machine's "
                    + "steps check ownership themselves)", site, wait);
            return List.of();
        } catch (ExecutionException e) {
            LOG.warn("could not list what is named {}; going on without it (the machine's steps check ownership "
                    + "themselves)", site, e.getCause());
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
