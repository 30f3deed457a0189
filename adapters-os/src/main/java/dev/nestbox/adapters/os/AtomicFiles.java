package dev.nestbox.adapters.os;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces files in one step: a reader sees the old file or the new one, never half of one, even if we die mid-way
 * or the machine loses power (the data and the directory entry are synced before we return). The new content is
 * written to a temporary file beside the target, named {@code .<name>.<random>.tmp} so that no {@code *.conf}-style
 * include picks it up, and removed again when anything fails.
 */
public final class AtomicFiles {
    /** {@code rw-------}: secrets. */
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    /** {@code rw-r--r--}: files other users (nginx's workers, people looking) read. */
    public static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");

    /** Writes the new content of a file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    public static void write(Path target, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
        write(target, permissions, out -> out.write(content));
    }

    public static void writeString(Path target, String content, Set<PosixFilePermission> permissions)
            throws IOException {
        write(target, content.getBytes(StandardCharsets.UTF_8), permissions);
    }

    /**
     * Makes {@code target} hold what {@code content} writes, with exactly {@code permissions} (not widened by the
     * umask, and never wider while being written), replacing any file there.
     */
    public static void write(Path target, Set<PosixFilePermission> permissions, Content content) throws IOException {
        Path temporary = temporaryBeside(target);
        try {
            writeSynced(temporary, permissions, content);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            syncDirectoryOf(target);
        } catch (IOException | RuntimeException | Error e) {
            deleteAfterFailure(temporary, e);
            throw e;
        }
    }

    /**
     * Creates {@code target} with {@code content} only if no file has that name: false, and the existing file left
     * alone, when one does. link(2), unlike rename(2), refuses an existing name, so of two processes racing to
     * create the same file exactly one wins, and the file is never seen incomplete.
     */
    public static boolean createIfAbsent(Path target, byte[] content, Set<PosixFilePermission> permissions)
            throws IOException {
        Path temporary = temporaryBeside(target);
        try {
            writeSynced(temporary, permissions, out -> out.write(content));
            try {
                Files.createLink(target, temporary);
            } catch (FileAlreadyExistsException taken) {
                return false;
            }
            syncDirectoryOf(target);
            return true;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Moves a file that is complete (built by another program, say) over {@code target} in one step. The source
     * must be on the same file system, best in the target's directory or below it.
     */
    public static void moveIntoPlace(Path source, Path target) throws IOException {
        try (FileChannel file = FileChannel.open(source, StandardOpenOption.WRITE)) {
            file.force(true);
        }
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        syncDirectoryOf(target);
    }

    /** Removes {@code target} if it exists, durably; true when there was one. */
    public static boolean delete(Path target) throws IOException {
        boolean deleted = Files.deleteIfExists(target);
        if (deleted) {
            syncDirectoryOf(target);
        }
        return deleted;
    }

    private static Path temporaryBeside(Path target) {
        Path name = target.getFileName();
        if (name == null) {
            throw new IllegalArgumentException("not a file path: " + target);
        }
        return target.resolveSibling("." + name + "."
                + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36) + ".tmp");
    }

    private static void writeSynced(Path file, Set<PosixFilePermission> permissions, Content content)
            throws IOException {
        // Born with at most these permissions (the umask may only narrow them), then set exactly.
        try (FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(permissions))) {
            Files.setPosixFilePermissions(file, permissions);
            OutputStream stream = Channels.newOutputStream(channel);
            // The content may close what it was given; the channel must stay open to be synced.
            content.writeTo(new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    stream.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    stream.write(b, off, len);
                }
            });
            channel.force(true);
        }
    }

    /** Makes a rename or removal in the directory survive a crash; without it the old name may come back. */
    private static void syncDirectoryOf(Path target) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private static void deleteAfterFailure(Path temporary, Throwable failure) {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
