package dev.nestbox.adapters.nginx;

import dev.nestbox.adapters.nginx.ConfigApplier.Batch;
import dev.nestbox.adapters.nginx.ConfigApplier.FileChange;
import dev.nestbox.adapters.nginx.ConfigApplier.Pending;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one batch of requests live: writes all of them, validates with one {@code nginx -t} and reloads once. Only
 * when that validation fails does it try the changes one at a time, so the change that broke the configuration is
 * the one refused and the others still go live. Runs on the applier's one thread only.
 */
final class BatchCommit {
    private static final Logger LOG = LoggerFactory.getLogger(BatchCommit.class);

    /** A request with what it actually changed and how to take that back. */
    private record Unit(Pending pending, ConfigWriter.Written written) {
        List<FileChange> applied() {
            return written.applied();
        }
    }

    private final NginxProcess nginx;
    private final ConfigWriter files;
    /** Files on disk nginx may not have loaded: at start (a previous run may have stopped mid-way) and after a failed reload. */
    private boolean reloadOwed = true;

    BatchCommit(NginxProcess nginx, ConfigWriter files) {
        this.nginx = nginx;
        this.files = files;
    }

    /** Completes every request of the batch: with the changes it made once nginx runs them, or with why not. */
    void commit(List<Pending> batch) {
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
            LOG.warn("nginx reload failed; the files stay and the next change reloads again", e);
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
        LOG.warn("nginx refused a change to {}, it was taken back: {}", paths(unit.applied()), rejection);
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
