package dev.nestbox.application.fakes;

import dev.nestbox.application.port.out.ReverseProxy;
import dev.nestbox.domain.hosting.SiteName;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** The proxy's routes as a map; reconcile makes it equal the desired routes and says what it changed. */
public final class FakeProxy implements ReverseProxy {
    private final EventLog log;
    private final Map<SiteName, Route> routes = new HashMap<>();
    private final Map<String, Consumer<SiteName>> hooks = new ConcurrentHashMap<>();
    private final AtomicInteger reconciliations = new AtomicInteger();
    private volatile RuntimeException reconcileFailure;
    private volatile Runnable beforeReconcile = () -> { };

    public FakeProxy(EventLog log) {
        this.log = log;
    }

    /** {@code operation} is "publish" or "withdraw"; the hook runs inside the call, before its effect. */
    public void on(String operation, Consumer<SiteName> hook) {
        hooks.put(operation, hook);
    }

    /** Runs inside each reconcile, after the desired routes were handed over and before they are applied. */
    public void beforeReconcile(Runnable hook) {
        beforeReconcile = hook;
    }

    public void failReconcileWith(RuntimeException failure) {
        reconcileFailure = failure;
    }

    /** A route someone put there by hand, or one a lost write left behind. */
    public synchronized void plant(Route route) {
        routes.put(route.site(), route);
    }

    @Override
    public void publish(Route route) {
        log.add("proxy.publish " + route.site());
        hooks.getOrDefault("publish", s -> { }).accept(route.site());
        synchronized (this) {
            routes.put(route.site(), route);
        }
    }

    @Override
    public void withdraw(SiteName site) {
        log.add("proxy.withdraw " + site);
        hooks.getOrDefault("withdraw", s -> { }).accept(site);
        synchronized (this) {
            routes.remove(site);
        }
    }

    @Override
    public Reconciliation reconcile(Collection<Route> desired) {
        log.add("proxy.reconcile " + desired.size());
        beforeReconcile.run();
        return apply(desired);
    }

    private synchronized Reconciliation apply(Collection<Route> desired) {
        reconciliations.incrementAndGet();
        if (reconcileFailure != null) {
            throw reconcileFailure;
        }
        List<String> written = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        Map<SiteName, Route> wanted = new HashMap<>();
        desired.forEach(route -> wanted.put(route.site(), route));
        for (Route route : wanted.values()) {
            if (!route.equals(routes.get(route.site()))) {
                routes.put(route.site(), route);
                written.add(route.site().value());
            }
        }
        for (SiteName site : List.copyOf(routes.keySet())) {
            if (!wanted.containsKey(site)) {
                routes.remove(site);
                removed.add(site.value());
            }
        }
        return new Reconciliation(written, removed);
    }

    /** Two files per route, named as nginx's adapter names them. */
    @Override
    public synchronized List<Published> published() {
        List<Published> files = new ArrayList<>();
        routes.values().stream().sorted(java.util.Comparator.comparing(r -> r.site().value())).forEach(r -> {
            files.add(new Published(r.site(), "nestbox-site-" + r.site().value() + ".conf", OptionalInt.empty()));
            files.add(new Published(r.site(), "nestbox-ssh-" + r.site().value() + ".conf", OptionalInt.of(r.sshPort())));
        });
        return files;
    }

    public synchronized Map<SiteName, Route> routes() {
        return Map.copyOf(routes);
    }

    public int reconciliations() {
        return reconciliations.get();
    }
}
