package dev.nestbox.adapters.libvirt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
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
        return AccelerationProbe.candidateKernels(new LibvirtSettings.Guest.Builtin(Path.of("/nonexistent")))
                .stream().filter(Files::isRegularFile).findFirst()
                .orElseGet(() -> fail("no /boot/vmlinuz-* to boot: install the Debian package linux-image-amd64"));
    }

    @Test
    void a_kernel_under_tcg_prints_its_first_console_line_which_is_what_the_probe_looks_for() throws Exception {
        Path qemu = HostTool.require("qemu-system-x86_64", "qemu-system-x86");

        Optional<Duration> printed = AccelerationProbe.bootsAndPrints(qemu, Accelerator.TCG, hostKernel(),
                Duration.ofSeconds(30));

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

    /**
     * The verdict on this host must match what a KVM guest really does here: on the build machines KVM guests
     * hang although /dev/kvm exists, so the answer there is TCG; on a host with working KVM it is KVM.
     */
    @Test
    void auto_picks_kvm_exactly_when_a_kvm_guest_really_runs() throws Exception {
        Path qemu = HostTool.require("qemu-system-x86_64", "qemu-system-x86");
        Path kvm = Path.of("/dev/kvm");

        AccelerationProbe.Verdict verdict = AccelerationProbe.probe(List.of(hostKernel()), kvm,
                AccelerationProbe.TIMEOUT);

        boolean kvmRuns = Files.exists(kvm) && AccelerationProbe.bootsAndPrints(qemu, Accelerator.KVM, hostKernel(),
                AccelerationProbe.TIMEOUT).isPresent();
        assertThat(verdict.accelerator()).as(verdict.reason()).isEqualTo(kvmRuns ? Accelerator.KVM : Accelerator.TCG);
        assertThat(AccelerationProbe.choose(LibvirtSettings.Accel.TCG, List.of())).isEqualTo(Accelerator.TCG);
        assertThat(AccelerationProbe.choose(LibvirtSettings.Accel.KVM, List.of())).isEqualTo(Accelerator.KVM);
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
