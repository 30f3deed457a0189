package dev.nestbox.adapters.nginx;

import dev.nestbox.adapters.nginx.ConfigApplier.Batch;
import dev.nestbox.adapters.nginx.ConfigApplier.FileChange;
import dev.nestbox.adapters.nginx.ConfigApplier.Plan;
import dev.nestbox.adapters.os.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file half of the single writer: puts a plan's files on disk, each in one step, and remembers what was there
 * so that a change nginx refuses can be taken back. Knows nothing of batching or of nginx itself.
 */
final class ConfigWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigWriter.class);

    /** What a plan actually changed (identical content is no change) and the changes that restore the files. */
    record Written(List<FileChange> applied, List<FileChange> undo) {
        Written {
            applied = List.copyOf(applied);
            undo = List.copyOf(undo);
        }
    }

    /** Applies the plan's changes; if one fails, the ones before it are taken back and the failure is thrown. */
    Written write(Plan plan, Batch batch) throws IOException {
        List<FileChange> applied = new ArrayList<>();
        List<FileChange> undo = new ArrayList<>();
        try {
            for (FileChange change : plan.changes(batch)) {
                Optional<String> previous = read(change.path());
                if (previous.equals(change.content())) {
                    continue;
                }
                put(change);
                applied.add(change);
                undo.add(new FileChange(change.path(), previous));
            }
        } catch (IOException | RuntimeException e) {
            revert(new Written(applied, undo));
            throw e;
        }
        return new Written(applied, undo);
    }

    /** Restores the files as they were before {@code written}, newest change first. */
    void revert(Written written) {
        for (int i = written.undo().size() - 1; i >= 0; i--) {
            FileChange back = written.undo().get(i);
            try {
                put(back);
            } catch (IOException e) {
                LOG.error("cannot restore {}; reconciliation will repair it", back.path(), e);
            }
        }
    }

    private static Optional<String> read(Path path) throws IOException {
        try {
            return Optional.of(Files.readString(path, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * Replaces the file in one step: nginx never reads a half-written file, even if we die mid-way. A leftover
     * temporary file is a dot name ending in .tmp: never matched by the *.conf includes, recognised by
     * reconciliation ({@link RouteFiles#TEMPORARY_NAME}).
     */
    private static void put(FileChange change) throws IOException {
        if (change.content().isEmpty()) {
            AtomicFiles.delete(change.path());
        } else {
            AtomicFiles.writeString(change.path(), change.content().get(), AtomicFiles.WORLD_READABLE);
        }
    }
}
