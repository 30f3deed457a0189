package dev.nestbox.adapters.libvirt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A disk-kind image directory as the image builder installs it: {@code dir/<version>/} with the kernel, initramfs,
 * a qcow2 base (qemu-img), the kernel arguments and a manifest, and {@code dir/current} linking to a version.
 */
final class DiskImageFixture {
    final Path dir;

    DiskImageFixture(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** A version with the given kernel and initramfs (copied), a blank base of {@code baseSize} and {@code cmdline}. */
    Path addVersion(String version, Path kernel, Path initrd, String baseSize, String cmdline) throws IOException {
        Path v = Files.createDirectories(dir.resolve(version));
        Files.copy(kernel, v.resolve("vmlinuz"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(initrd, v.resolve("initrd.img"), StandardCopyOption.REPLACE_EXISTING);
        Path qemuImg = HostTool.require("qemu-img", "qemu-utils");
        HostTool.Result made = HostTool.run(List.of(qemuImg.toString(), "create", "-q", "-f", "qcow2",
                v.resolve("base.qcow2").toString(), baseSize));
        assertThat(made.exitCode()).as(made.output()).isZero();
        Files.writeString(v.resolve("cmdline"), cmdline);
        Files.writeString(v.resolve("manifest"), "version " + version + "\n");
        Files.setPosixFilePermissions(v, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String f : List.of("vmlinuz", "initrd.img", "base.qcow2", "cmdline", "manifest")) {
            Files.setPosixFilePermissions(v.resolve(f), PosixFilePermissions.fromString("rw-r--r--"));
        }
        return v;
    }

    /** A version with stand-in kernel and initramfs files (for what never runs them). */
    Path addVersion(String version, String baseSize, String cmdline) throws IOException {
        Path stand = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-src-" + version));
        Path kernel = Files.writeString(stand.resolve("vmlinuz"), "kernel " + version);
        Path initrd = Files.writeString(stand.resolve("initrd.img"), "initrd " + version);
        return addVersion(version, kernel, initrd, baseSize, cmdline);
    }

    /** Points {@code current} at {@code version}, replacing the link atomically as an installer would. */
    void makeCurrent(String version) throws IOException {
        Path link = dir.resolve(".current.new");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, Path.of(version));
        Files.move(link, dir.resolve("current"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
