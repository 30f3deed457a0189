package dev.nestbox.adapters.os;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writes_the_content_with_exactly_the_permissions_asked_for_and_leaves_no_temporary_file() throws IOException {
        Path secret = dir.resolve("secret");
        Path shared = dir.resolve("shared.conf");

        AtomicFiles.writeString(secret, "key ✓\n", AtomicFiles.OWNER_ONLY);
        AtomicFiles.write(shared, "listen 80;\n".getBytes(StandardCharsets.UTF_8), AtomicFiles.WORLD_READABLE);

        assertThat(Files.readString(secret)).isEqualTo("key ✓\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
        assertThat(Files.readString(shared)).isEqualTo("listen 80;\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared))).isEqualTo("rw-r--r--");
        assertThat(names()).containsExactlyInAnyOrder("secret", "shared.conf");
    }

    @Test
    void permissions_wider_than_the_umask_allows_are_still_set_exactly() throws IOException {
        Path file = dir.resolve("group-writable");

        AtomicFiles.writeString(file, "x", PosixFilePermissions.fromString("rw-rw-r--"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-rw-r--");
    }

    @Test
    void replaces_an_existing_file_and_its_permissions() throws IOException {
        Path file = Files.writeString(dir.resolve("site.conf"), "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxrwxrwx"));

        AtomicFiles.writeString(file, "new", AtomicFiles.OWNER_ONLY);

        assertThat(Files.readString(file)).isEqualTo("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(names()).containsExactly("site.conf");
    }

    @Test
    void a_failure_while_writing_leaves_the_old_file_intact_and_no_temporary_file() throws IOException {
        Path file = Files.writeString(dir.resolve("site.conf"), "old content");

        assertThatThrownBy(() -> AtomicFiles.write(file, AtomicFiles.WORLD_READABLE, out -> {
            out.write("half of the new".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        })).isInstanceOf(IOException.class).hasMessage("disk full");

        assertThat(Files.readString(file)).isEqualTo("old content");
        assertThat(names()).containsExactly("site.conf");
    }

    @Test
    void a_failing_rename_leaves_what_is_there_and_no_temporary_file() throws IOException {
        Path occupied = Files.createDirectory(dir.resolve("occupied"));
        Files.writeString(occupied.resolve("inside"), "keep");

        assertThatThrownBy(() -> AtomicFiles.writeString(occupied, "x", AtomicFiles.WORLD_READABLE))
                .isInstanceOf(IOException.class);

        assertThat(Files.readString(occupied.resolve("inside"))).isEqualTo("keep");
        assertThat(names()).containsExactly("occupied");
    }

    @Test
    void a_missing_directory_is_an_io_failure_that_creates_nothing() {
        assertThatThrownBy(() -> AtomicFiles.writeString(dir.resolve("missing/file"), "x", AtomicFiles.OWNER_ONLY))
                .isInstanceOf(NoSuchFileException.class);
        assertThat(dir.resolve("missing")).doesNotExist();
    }

    @Test
    void large_content_arrives_whole() throws IOException {
        byte[] big = new byte[5 * 1024 * 1024];
        Arrays.fill(big, (byte) 'x');
        Path file = dir.resolve("big");

        AtomicFiles.write(file, big, AtomicFiles.WORLD_READABLE);

        assertThat(Files.readAllBytes(file)).isEqualTo(big);
    }

    @Test
    void create_if_absent_creates_once_and_then_leaves_the_first_file_alone() throws IOException {
        Path key = dir.resolve("id_ed25519");

        boolean first = AtomicFiles.createIfAbsent(key, "first".getBytes(StandardCharsets.US_ASCII), AtomicFiles.OWNER_ONLY);
        boolean second = AtomicFiles.createIfAbsent(key, "second".getBytes(StandardCharsets.US_ASCII), AtomicFiles.OWNER_ONLY);

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(Files.readString(key)).isEqualTo("first");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(names()).containsExactly("id_ed25519");
    }

    @Test
    void move_into_place_replaces_the_target_with_a_finished_file() throws IOException {
        Path work = Files.createDirectory(dir.resolve(".work"));
        Path built = Files.writeString(work.resolve("seed.iso"), "new image");
        Path target = Files.writeString(dir.resolve("seed.iso"), "old image");

        AtomicFiles.moveIntoPlace(built, target);

        assertThat(Files.readString(target)).isEqualTo("new image");
        assertThat(built).doesNotExist();
    }

    @Test
    void delete_says_whether_there_was_a_file() throws IOException {
        Path file = Files.writeString(dir.resolve("gone"), "x");

        assertThat(AtomicFiles.delete(file)).isTrue();
        assertThat(AtomicFiles.delete(file)).isFalse();
        assertThat(file).doesNotExist();
    }

    @Test
    void a_non_empty_directory_is_not_deleted() throws IOException {
        Path occupied = Files.createDirectory(dir.resolve("occupied"));
        Files.writeString(occupied.resolve("inside"), "keep");

        assertThatThrownBy(() -> AtomicFiles.delete(occupied)).isInstanceOf(DirectoryNotEmptyException.class);
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
