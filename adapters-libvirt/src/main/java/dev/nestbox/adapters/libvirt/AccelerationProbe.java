package dev.nestbox.adapters.libvirt;

import dev.nestbox.adapters.os.ProcessFailure;
import dev.nestbox.adapters.os.ProcessRunner;
import dev.nestbox.adapters.os.Watched;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides between KVM and TCG. {@code /dev/kvm} existing proves little: on some hosts KVM guests hang without a
 * word, so {@code auto} boots a kernel under KVM for a few seconds and uses KVM only if that kernel gets as far
 * as printing on its serial console. The verdict is kept for the life of the process.
 */
final class AccelerationProbe {
    private static final Logger LOG = LoggerFactory.getLogger(AccelerationProbe.class);
    static final String FIRST_CONSOLE_LINE = "Linux version";
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Object LOCK = new Object();
    private static Optional<Verdict> autoVerdict = Optional.empty();

    record Verdict(Accelerator accelerator, String reason) {
    }

    private AccelerationProbe() {
    }

    /** The accelerator for {@code setting}; {@code auto} probes once per process, with {@code kernels} tried in order. */
    static Accelerator choose(LibvirtSettings.Accel setting, List<Path> kernels) {
        switch (setting) {
            case KVM:
                return Accelerator.KVM;
            case TCG:
                return Accelerator.TCG;
            default:
                synchronized (LOCK) {
                    if (autoVerdict.isEmpty()) {
                        Verdict verdict = probe(kernels, Path.of("/dev/kvm"), TIMEOUT);
                        LOG.info("guests run with {}: {}", verdict.accelerator(), verdict.reason());
                        autoVerdict = Optional.of(verdict);
                    }
                    return autoVerdict.get().accelerator();
                }
        }
    }

    /** Boots the first kernel that exists under KVM; any doubt falls back to TCG, which is slow but works. */
    static Verdict probe(List<Path> kernels, Path kvmDevice, Duration timeout) {
        return probe(kernels, kvmDevice, HostTools.find("qemu-system-x86_64"), timeout);
    }

    /** {@link #probe(List, Path, Duration)} with {@code qemu} as the emulator found on this host, if any. */
    static Verdict probe(List<Path> kernels, Path kvmDevice, Optional<Path> qemu, Duration timeout) {
        if (!Files.exists(kvmDevice)) {
            return new Verdict(Accelerator.TCG, kvmDevice + " does not exist (no hardware virtualisation)");
        }
        if (!Files.isReadable(kvmDevice) || !Files.isWritable(kvmDevice)) {
            return new Verdict(Accelerator.TCG, "this user may not use " + kvmDevice);
        }
        Optional<Path> kernel = kernels.stream().filter(Files::isRegularFile).findFirst();
        if (kernel.isEmpty()) {
            return new Verdict(Accelerator.TCG, "no kernel to test KVM with (looked at " + kernels + ")");
        }
        if (qemu.isEmpty()) {
            return new Verdict(Accelerator.TCG,
                    "qemu-system-x86_64 is not installed (Debian package qemu-system-x86)");
        }
        try {
            Optional<Duration> printed = bootsAndPrints(qemu.get(), Accelerator.KVM, kernel.get(), timeout);
            if (printed.isPresent()) {
                return new Verdict(Accelerator.KVM, "a KVM test guest printed its first console line after "
                        + printed.get().toMillis() + " ms");
            }
            return new Verdict(Accelerator.TCG, "a KVM test guest printed nothing within " + timeout.toSeconds()
                    + " s: KVM guests hang or fail on this host");
        } catch (IOException e) {
            return new Verdict(Accelerator.TCG, "the KVM test guest could not run: " + e.getMessage());
        }
    }

    /**
     * Runs {@code kernel} without disk or network under {@code accelerator} and waits for its first console
     * line; the kernel finds no root file system and panics, and {@code panic=-1 -no-reboot} end qemu then.
     */
    static Optional<Duration> bootsAndPrints(Path qemu, Accelerator accelerator, Path kernel, Duration timeout)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(qemu.toString(), "-accel", accelerator.qemuName()));
        if (accelerator == Accelerator.KVM) {
            command.addAll(List.of("-cpu", "host")); // what a KVM domain gets (host-passthrough)
        }
        command.addAll(List.of("-m", "128", "-nographic", "-no-reboot", "-nic", "none",
                "-kernel", kernel.toString(), "-append", "console=ttyS0 panic=-1"));
        try {
            Watched watched = ProcessRunner.watch(command, timeout, line -> line.contains(FIRST_CONSOLE_LINE));
            // Ended: qemu stopped without a console line (it aborts on some hosts).
            return watched instanceof Watched.LineSeen seen ? Optional.of(seen.after()) : Optional.empty();
        } catch (ProcessFailure.CouldNotStart e) {
            throw new IOException(e.getMessage(), e);
        } catch (ProcessFailure e) {
            // Timed out (killed, with everything it started) or interrupted (the flag is set again): no line seen.
            return Optional.empty();
        }
    }

    /** Kernels to probe with: those of the builtin and disk-kind images (current versions), then the host's. */
    static List<Path> candidateKernels(java.util.Collection<LibvirtSettings.Guest> guests) {
        List<Path> kernels = new ArrayList<>();
        for (LibvirtSettings.Guest guest : guests) {
            if (guest instanceof LibvirtSettings.Guest.Builtin builtin) {
                kernels.add(builtin.kernel());
            } else if (guest instanceof LibvirtSettings.Guest.Disk disk) {
                kernels.add(disk.current().resolve(LibvirtSettings.Guest.Disk.KERNEL));
            }
        }
        try (Stream<Path> boot = Files.list(Path.of("/boot"))) {
            boot.filter(p -> p.getFileName().toString().startsWith("vmlinuz-"))
                    .sorted(Comparator.comparing(Path::toString).reversed())
                    .forEach(kernels::add);
        } catch (IOException | RuntimeException e) {
            // no /boot: the built-in guest's kernel is the only candidate
        }
        return kernels;
    }
}
