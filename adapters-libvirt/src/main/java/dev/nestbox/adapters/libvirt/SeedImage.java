package dev.nestbox.adapters.libvirt;

import dev.nestbox.adapters.os.AtomicFiles;
import dev.nestbox.adapters.os.ProcessFailure;
import dev.nestbox.adapters.os.ProcessRunner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Writes a cloud-init seed as an ISO 9660 image labelled {@code cidata}, which NoCloud looks for. */
final class SeedImage {
    static final String TOOL = "genisoimage";
    static final String TOOL_PACKAGE = "genisoimage";
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private SeedImage() {
    }

    /** Builds the image next to {@code target} and moves it into place, so a reader never sees half of one. */
    static void write(CloudInitSeed seed, Path target) {
        Path tool = HostTools.find(TOOL).orElseThrow(() -> new LibvirtUnavailable(
                TOOL + " is not installed, so no cloud-init seed can be built: install the Debian package "
                        + TOOL_PACKAGE));
        write(seed, target, tool, TIMEOUT);
    }

    /** {@link #write(CloudInitSeed, Path)} with {@code tool} as genisoimage, given {@code timeout} to finish. */
    static void write(CloudInitSeed seed, Path target, Path tool, Duration timeout) {
        Path work = null;
        try {
            Files.createDirectories(target.getParent());
            work = Files.createTempDirectory(target.getParent(), ".seed-");
            Files.writeString(work.resolve("meta-data"), seed.metaData(), StandardCharsets.UTF_8);
            Files.writeString(work.resolve("user-data"), seed.userData(), StandardCharsets.UTF_8);
            Files.writeString(work.resolve("network-config"), seed.networkConfig(), StandardCharsets.UTF_8);
            Path iso = work.resolve("seed.iso");
            ProcessRunner.runToSuccess(List.of(tool.toString(), "-quiet", "-output", iso.toString(),
                    "-volid", "cidata", "-joliet", "-rock", "-input-charset", "utf-8",
                    work.resolve("user-data").toString(), work.resolve("meta-data").toString(),
                    work.resolve("network-config").toString()), timeout);
            AtomicFiles.moveIntoPlace(iso, target);
        } catch (IOException e) {
            throw new LibvirtUnavailable("cannot write the cloud-init seed image " + target + ": " + e.getMessage()
                    + ". Check that the seed directory exists and is writable.", e);
        } catch (ProcessFailure.CouldNotStart e) {
            throw new LibvirtUnavailable("cannot run " + tool + " to build the seed image " + target + ": "
                    + e.getCause().getMessage() + ". Install the Debian package " + TOOL_PACKAGE + ".", e);
        } catch (ProcessFailure.TimedOut e) {
            throw new LibvirtUnavailable(TOOL + " did not finish the seed image " + target + " in "
                    + timeout.toSeconds() + " s", e);
        } catch (ProcessFailure.ExitedNonZero e) {
            throw new LibvirtUnavailable(TOOL + " failed to build the seed image " + target + ": "
                    + e.result().output(), e);
        } catch (ProcessFailure.Interrupted e) {
            throw new LibvirtUnavailable("interrupted while building the seed image " + target, e);
        } catch (ProcessFailure e) {
            throw new LibvirtUnavailable(e.getMessage(), e);
        } finally {
            if (work != null) {
                deleteTree(work);
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a stray temporary directory is harmless and named so it is recognisable
        }
    }
}
