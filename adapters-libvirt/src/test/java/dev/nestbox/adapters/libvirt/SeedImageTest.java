package dev.nestbox.adapters.libvirt;

import dev.nestbox.domain.allocation.Ipv4Subnet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The image builder's failures, with stand-ins for genisoimage; the real one is used in CloudInitSeedTest. */
class SeedImageTest {
    private static final Duration FROZEN = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final CloudInitSeed seed = CloudInitSeed.of(CloudInitSeedTest.ALICE, Ipv4Subnet.parse("10.88.0.0/24"));

    @Test
    void the_finished_image_replaces_the_target_and_the_work_directory_goes() throws IOException {
        // Arguments: -quiet -output ISO ...
        Path tool = fakeTool("printf 'new image' > \"$3\"\n");
        Path target = Files.writeString(seeds().resolve("alice-cidata.iso"), "old image");

        SeedImage.write(seed, target, tool, Duration.ofSeconds(20));

        assertThat(Files.readString(target)).isEqualTo("new image");
        assertThat(names(seeds())).containsExactly("alice-cidata.iso");
    }

    @Test
    void a_builder_that_hangs_is_stopped_at_the_timeout_and_nothing_is_left_behind() throws IOException {
        Path tool = fakeTool("sleep 631\n");
        Path target = seeds().resolve("alice-cidata.iso");
        long start = System.nanoTime();

        assertThatThrownBy(() -> assertTimeoutPreemptively(FROZEN,
                () -> SeedImage.write(seed, target, tool, Duration.ofSeconds(1))))
                .isInstanceOf(LibvirtUnavailable.class)
                .hasMessage(SeedImage.TOOL + " did not finish the seed image " + target + " in 1 s");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
        assertThat(names(seeds())).isEmpty();
    }

    @Test
    void a_builder_that_fails_is_reported_with_what_it_said() throws IOException {
        Path tool = fakeTool("echo 'genisoimage: Unknown charset' >&2\nexit 2\n");
        Path target = seeds().resolve("alice-cidata.iso");

        assertThatThrownBy(() -> SeedImage.write(seed, target, tool, Duration.ofSeconds(20)))
                .isInstanceOf(LibvirtUnavailable.class)
                .hasMessage(SeedImage.TOOL + " failed to build the seed image " + target
                        + ": genisoimage: Unknown charset");
        assertThat(names(seeds())).isEmpty();
    }

    @Test
    void a_builder_that_cannot_run_names_the_package() throws IOException {
        Path target = seeds().resolve("alice-cidata.iso");

        assertThatThrownBy(() -> SeedImage.write(seed, target, dir.resolve("missing-genisoimage"),
                Duration.ofSeconds(20)))
                .isInstanceOf(LibvirtUnavailable.class)
                .hasMessageContaining("Install the Debian package " + SeedImage.TOOL_PACKAGE);
    }

    private Path seeds() throws IOException {
        return Files.createDirectories(dir.resolve("seeds"));
    }

    private Path fakeTool(String body) throws IOException {
        Path tool = dir.resolve("genisoimage");
        Files.writeString(tool, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));
        return tool;
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
