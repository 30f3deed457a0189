package dev.nestbox.console;

import dev.nestbox.application.port.in.DeletionOutcome;
import dev.nestbox.application.port.in.ForceDeleteHostingUseCase;
import dev.nestbox.application.port.in.HostingLookup;
import dev.nestbox.application.port.in.HostingView;
import dev.nestbox.application.port.in.InspectHostingUseCase;
import dev.nestbox.application.port.in.ListHostingsUseCase;
import dev.nestbox.application.port.in.OrphanReport;
import dev.nestbox.application.port.in.ReportOrphansUseCase;
import dev.nestbox.domain.hosting.SiteName;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The four administrator use cases over a map in memory, recording how the console called them. */
final class FakeUseCases implements ListHostingsUseCase, InspectHostingUseCase, ForceDeleteHostingUseCase,
        ReportOrphansUseCase {
    private final Map<SiteName, HostingView> hostings = new LinkedHashMap<>();
    private volatile OrphanReport orphans = new OrphanReport(List.of(), 0, Optional.empty());
    private volatile RuntimeException listFailure;
    private volatile RuntimeException inspectFailure;
    private volatile RuntimeException deleteFailure;
    private volatile RuntimeException orphanFailure;

    final AtomicInteger listCalls = new AtomicInteger();
    final List<SiteName> inspected = new CopyOnWriteArrayList<>();
    final List<SiteName> deleted = new CopyOnWriteArrayList<>();
    final Set<String> callingThreads = ConcurrentHashMap.newKeySet();

    FakeUseCases with(HostingView... views) {
        synchronized (hostings) {
            for (HostingView view : views) {
                hostings.put(view.hosting().site(), view);
            }
        }
        return this;
    }

    FakeUseCases withOrphans(OrphanReport report) {
        orphans = report;
        return this;
    }

    void remove(String site) {
        synchronized (hostings) {
            hostings.remove(SiteName.of(site));
        }
    }

    void failList(RuntimeException failure) {
        listFailure = failure;
    }

    void failInspect(RuntimeException failure) {
        inspectFailure = failure;
    }

    void failDelete(RuntimeException failure) {
        deleteFailure = failure;
    }

    void failOrphans(RuntimeException failure) {
        orphanFailure = failure;
    }

    ConsoleUseCases useCases() {
        return new ConsoleUseCases(this, this, this, this);
    }

    @Override
    public List<HostingView> list() {
        called();
        listCalls.incrementAndGet();
        throwIfSet(listFailure);
        synchronized (hostings) {
            return new ArrayList<>(hostings.values());
        }
    }

    @Override
    public HostingLookup inspect(SiteName site) {
        called();
        inspected.add(site);
        throwIfSet(inspectFailure);
        synchronized (hostings) {
            HostingView view = hostings.get(site);
            return view == null ? new HostingLookup.NotFound() : new HostingLookup.Found(view);
        }
    }

    @Override
    public DeletionOutcome forceDelete(SiteName site) {
        called();
        deleted.add(site);
        throwIfSet(deleteFailure);
        synchronized (hostings) {
            return hostings.remove(site) == null ? new DeletionOutcome.NotFound() : new DeletionOutcome.Deleted();
        }
    }

    @Override
    public OrphanReport report() {
        called();
        throwIfSet(orphanFailure);
        return orphans;
    }

    private void called() {
        callingThreads.add(Thread.currentThread().getName());
    }

    private static void throwIfSet(RuntimeException failure) {
        if (failure != null) {
            throw failure;
        }
    }
}
