package dev.nestbox.adapters.libvirt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Writes a cloud-init seed as an ISO 9660 image labelled {@code cidata}, which NoCloud looks for. */
final class SeedImage {
    static final String TOOL = "genisoimage";
    static final String TOOL_PACKAGE = "genisoimage";

    private SeedImage() {
    }

    /** Builds the image next to {@code target} and moves it into place, so a reader never sees half of one. */
    static void write(CloudInitSeed seed, Path target) {
        Path tool = HostTools.find(TOOL).orElseThrow(() -> new LibvirtUnavailable(
                TOOL + " is not installed, so no cloud-init seed can be built: install the Debian package "
                        + TOOL_PACKAGE));
        Path work = null;
        try {
            Files.createDirectories(target.getParent());
            work = Files.createTempDirectory(target.getParent(), ".seed-");
            Files.writeString(work.resolve("meta-data"), seed.metaData(), StandardCharsets.UTF_8);
            Files.writeString(work.resolve("user-data"), seed.userData(), StandardCharsets.UTF_8);
            Files.writeString(work.resolve("network-config"), seed.networkConfig(), StandardCharsets.UTF_8);
            Path iso = work.resolve("seed.iso");
            Process process = new ProcessBuilder(List.of(tool.toString(), "-quiet", "-output", iso.toString(),
                    "-volid", "cidata", "-joliet", "-rock", "-input-charset", "utf-8",
                    work.resolve("user-data").toString(), work.resolve("meta-data").toString(),
                    work.resolve("network-config").toString()))
                    .redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new LibvirtUnavailable(TOOL + " did not finish the seed image " + target + " in 60 s");
            }
            if (process.exitValue() != 0) {
                throw new LibvirtUnavailable(TOOL + " failed to build the seed image " + target + ": " + output.strip());
            }
            Files.move(iso, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LibvirtUnavailable("cannot write the cloud-init seed image " + target + ": " + e.getMessage()
                    + ". Check that the seed directory exists and is writable.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LibvirtUnavailable("interrupted while building the seed image " + target, e);
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
