package dev.nestbox.adapters.libvirt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Runs qemu for real: a kernel without disk or network, for a few seconds at most. */
class AccelerationProbeTest {
    @TempDir
    Path tmp;

    static Path hostKernel() {
        return AccelerationProbe.candidateKernels(java.util.List.of(new LibvirtSettings.Guest.Builtin(Path.of("/nonexistent"))))
                .stream().filter(Files::isRegularFile).findFirst()
                .orElseGet(() -> fail("no /boot/vmlinuz-* to boot: install the Debian package linux-image-amd64"));
    }

    @Test
    void a_kernel_under_tcg_prints_its_first_console_line_which_is_what_the_probe_looks_for() throws Exception {
        Path qemu = HostTool.require("qemu-system-x86_64", "qemu-system-x86");

        // Generous: the claim is that TCG prints at all; on a loaded 2-core machine the first line took over 30 s.
        Optional<Duration> printed = AccelerationProbe.bootsAndPrints(qemu, Accelerator.TCG, hostKernel(),
                Duration.ofSeconds(120));

        assertThat(printed).as("TCG works on every host, so the probe's detection must see it print").isPresent();
    }

    @Test
    void something_that_is_not_a_kernel_prints_nothing() throws Exception {
        Path qemu = HostTool.require("qemu-system-x86_64", "qemu-system-x86");
        Path junk = Files.writeString(tmp.resolve("vmlinuz"), "not a kernel");

        assertThat(AccelerationProbe.bootsAndPrints(qemu, Accelerator.TCG, junk, Duration.ofSeconds(5))).isEmpty();
    }

    @Test
    void without_a_kvm_device_or_a_kernel_the_verdict_is_tcg_with_the_reason() {
        AccelerationProbe.Verdict noDevice = AccelerationProbe.probe(List.of(hostKernel()),
                tmp.resolve("kvm"), Duration.ofSeconds(1));
        assertThat(noDevice.accelerator()).isEqualTo(Accelerator.TCG);
        assertThat(noDevice.reason()).contains("does not exist");

        AccelerationProbe.Verdict noKernel = AccelerationProbe.probe(List.of(tmp.resolve("vmlinuz")),
                Path.of("/dev/null"), Duration.ofSeconds(1));
        assertThat(noKernel.accelerator()).isEqualTo(Accelerator.TCG);
        assertThat(noKernel.reason()).contains("no kernel");
    }

    @Test
    void an_emulator_that_prints_the_kernels_first_line_under_kvm_gives_kvm() throws Exception {
        Path args = tmp.resolve("args");
        Path qemu = fakeQemu("echo \"$@\" > " + args + "\necho 'Linux version 6.1.0-fake'\nexec sleep 30\n");
        Path kernel = Files.writeString(tmp.resolve("vmlinuz"), "kernel");

        AccelerationProbe.Verdict verdict = AccelerationProbe.probe(List.of(tmp.resolve("missing"), kernel),
                kvmDevice(), Optional.of(qemu), Duration.ofSeconds(30));

        assertThat(verdict.accelerator()).as(verdict.reason()).isEqualTo(Accelerator.KVM);
        assertThat(verdict.reason()).contains("printed its first console line");
        assertThat(Files.readString(args)).contains("-accel kvm -cpu host").contains("-kernel " + kernel);
    }

    @Test
    void an_emulator_that_hangs_silently_gives_tcg_after_the_timeout() throws Exception {
        Path qemu = fakeQemu("echo 'qemu: starting'\nexec sleep 30\n");

        AccelerationProbe.Verdict verdict = AccelerationProbe.probe(List.of(Files.writeString(tmp.resolve("k"), "k")),
                kvmDevice(), Optional.of(qemu), Duration.ofSeconds(1));

        assertThat(verdict.accelerator()).isEqualTo(Accelerator.TCG);
        assertThat(verdict.reason()).contains("printed nothing within 1 s");
    }

    @Test
    void an_emulator_that_dies_without_a_word_gives_tcg_without_waiting_for_the_timeout() throws Exception {
        Path qemu = fakeQemu("echo 'qemu: KVM_CREATE_VM failed' >&2\nexit 1\n");
        long start = System.nanoTime();

        AccelerationProbe.Verdict verdict = AccelerationProbe.probe(List.of(Files.writeString(tmp.resolve("k"), "k")),
                kvmDevice(), Optional.of(qemu), Duration.ofSeconds(60));

        assertThat(verdict.accelerator()).isEqualTo(Accelerator.TCG);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void without_qemu_the_verdict_is_tcg_with_the_package_to_install() throws Exception {
        AccelerationProbe.Verdict verdict = AccelerationProbe.probe(List.of(Files.writeString(tmp.resolve("k"), "k")),
                kvmDevice(), Optional.empty(), Duration.ofSeconds(1));

        assertThat(verdict.accelerator()).isEqualTo(Accelerator.TCG);
        assertThat(verdict.reason()).contains("qemu-system-x86");
    }

    /**
     * The verdict on this host must match what a KVM guest really does here: on the build machines KVM guests
     * hang although /dev/kvm exists, so the answer there is TCG; on a host with working KVM it is KVM. What a KVM
     * guest really does is found out by the shell, independently of the probe's own code.
     */
    @Test
    void auto_picks_kvm_exactly_when_a_kvm_guest_really_runs() throws Exception {
        Path qemu = HostTool.require("qemu-system-x86_64", "qemu-system-x86");
        HostTool.require("timeout", "coreutils");
        Path kvm = Path.of("/dev/kvm");

        AccelerationProbe.Verdict verdict = AccelerationProbe.probe(List.of(hostKernel()), kvm,
                AccelerationProbe.TIMEOUT);

        boolean kvmRuns = Files.isReadable(kvm) && Files.isWritable(kvm) && HostTool.run(List.of("sh", "-c",
                "timeout -s KILL " + AccelerationProbe.TIMEOUT.toSeconds() + " \"$0\" -accel kvm -cpu host -m 128"
                        + " -nographic -no-reboot -nic none -kernel \"$1\" -append 'console=ttyS0 panic=-1'"
                        + " </dev/null 2>&1 | grep -q 'Linux version'",
                qemu.toString(), hostKernel().toString())).exitCode() == 0;
        assertThat(verdict.accelerator()).as(verdict.reason()).isEqualTo(kvmRuns ? Accelerator.KVM : Accelerator.TCG);
        assertThat(AccelerationProbe.choose(LibvirtSettings.Accel.TCG, List.of())).isEqualTo(Accelerator.TCG);
        assertThat(AccelerationProbe.choose(LibvirtSettings.Accel.KVM, List.of())).isEqualTo(Accelerator.KVM);
    }

    /** A stand-in for /dev/kvm that this user may read and write. */
    private Path kvmDevice() throws IOException {
        return Files.writeString(tmp.resolve("kvm"), "");
    }

    private Path fakeQemu(String body) throws IOException {
        Path script = tmp.resolve("qemu-system-x86_64");
        Files.writeString(script, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    @Test
    void no_qemu_process_is_left_behind() throws Exception {
        Path qemu = HostTool.require("qemu-system-x86_64", "qemu-system-x86");
        long before = qemuChildren();

        AccelerationProbe.bootsAndPrints(qemu, Accelerator.TCG, hostKernel(), Duration.ofSeconds(1));

        assertThat(qemuChildren()).isEqualTo(before);
    }

    private static long qemuChildren() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().command().orElse("").contains("qemu-system")).count();
    }
}
