package dev.nestbox.adapters.libvirt;

import dev.nestbox.application.port.out.Hypervisor.Machine;
import dev.nestbox.domain.allocation.Ipv4Subnet;
import dev.nestbox.domain.hosting.HostingId;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

/** The one place a machine's libvirt domain definition is written. */
final class DomainXml {
    /** Our namespace in a domain's {@code <metadata>}: which hosting the machine was defined for. */
    static final String METADATA_NS = "https://nestbox.dev/xmlns/hosting";
    /** x86 Linux reads at most 2048 bytes of command line, its terminating zero included. */
    static final int MAX_COMMAND_LINE = 2048;

    private final LibvirtSettings settings;
    private final Ipv4Subnet subnet;

    DomainXml(LibvirtSettings settings) {
        this.settings = settings;
        this.subnet = settings.subnet();
    }

    /**
     * How one machine boots, resolved from its image before the definition is written: its own kernel
     * ({@link Kernel}) or its disk's boot loader ({@link FromDisk}).
     */
    sealed interface Boot {
        /** Whether the guest needs a CPU model newer than qemu64 under TCG (current distributions need x86-64-v2). */
        boolean modernCpu();

        /**
         * Direct kernel boot; {@code arguments} come before the platform's own command line. {@code base}: the
         * shared image the machine's disk is an overlay on, if it is one.
         */
        record Kernel(Path kernel, Path initrd, String arguments, boolean modernCpu, Optional<Path> base)
                implements Boot {
            Kernel(Path kernel, Path initrd, String arguments, boolean modernCpu) {
                this(kernel, initrd, arguments, modernCpu, Optional.empty());
            }
        }

        /** The disk's own boot loader, with the cloud-init seed as a second, read-only disk. */
        record FromDisk(Path seed) implements Boot {
            @Override
            public boolean modernCpu() {
                return true;
            }
        }
    }

    /**
     * The boot of a machine whose image needs nothing from libvirt to be resolved (builtin and cloud-image); a
     * disk-kind image boots the kernel of its disk's base, which only {@link GuestImages#boot} knows.
     */
    Boot boot(Machine machine) {
        LibvirtSettings.Guest guest = settings.image(machine.plan().image()).orElseThrow(
                () -> GuestImages.notConfigured(machine, settings.images().keySet()));
        if (guest instanceof LibvirtSettings.Guest.Builtin builtin) {
            return new Boot.Kernel(builtin.kernel(), builtin.initrd(), "", false);
        }
        if (guest instanceof LibvirtSettings.Guest.CloudImage cloud) {
            return new Boot.FromDisk(cloud.seedDir().resolve(Naming.seedImage(machine.site(), machine.hosting())));
        }
        throw new IllegalStateException("image " + machine.plan().image() + " boots from its disk's base: resolve"
                + " its boot with GuestImages.boot");
    }

    String render(Machine machine, Accelerator accelerator) {
        return render(machine, accelerator, boot(machine));
    }

    String render(Machine machine, Accelerator accelerator, Boot boot) {
        String log = Xml.text(settings.consoleLogDir().resolve(Naming.consoleLog(machine.site())));
        return "<domain type='" + accelerator.domainType() + "'>\n"
                + "  <name>" + Xml.text(Naming.domain(machine.site())) + "</name>\n"
                + "  <description>Nestbox site " + Xml.text(machine.site()) + "</description>\n"
                + "  <metadata>\n"
                + "    <nestbox:hosting xmlns:nestbox='" + METADATA_NS + "' id='" + machine.hosting().value()
                + "' site='" + Xml.text(machine.site()) + "'/>\n"
                + "  </metadata>\n"
                + "  <memory unit='MiB'>" + machine.memoryMib() + "</memory>\n"
                + "  <vcpu>" + machine.plan().vcpus() + "</vcpu>\n"
                + cputune(machine.plan().vcpus())
                + os(machine, boot)
                + features(accelerator, machine.plan().image())
                + cpu(accelerator, boot)
                + "  <clock offset='utc'/>\n"
                + "  <on_poweroff>destroy</on_poweroff>\n"
                + "  <on_reboot>restart</on_reboot>\n"
                + "  <on_crash>restart</on_crash>\n"
                + "  <devices>\n"
                + "    <disk type='volume' device='disk'>\n"
                + "      <driver name='qemu' type='qcow2'/>\n"
                + "      <source pool='" + Xml.text(settings.poolName()) + "' volume='"
                + Xml.text(Naming.volume(machine.site(), machine.hosting())) + "'/>\n"
                + "      <target dev='vda' bus='virtio'/>\n"
                + backingStore(boot)
                + iotune()
                + "    </disk>\n"
                + seedDisk(boot)
                + "    <interface type='network'>\n"
                + "      <source network='" + Xml.text(settings.networkName()) + "'/>\n"
                + "      <mac address='" + Naming.mac(machine.address()) + "'/>\n"
                + "      <model type='virtio'/>\n"
                // No network boot: without the option ROM the BIOS reaches the kernel sooner.
                + "      <rom enabled='no'/>\n"
                + filterref(machine)
                + bandwidth()
                + "    </interface>\n"
                // The log file is made by us (readable by the server, which runs without privileges) before the
                // machine starts: appending and not relabelling keeps it ours, where virtlogd would otherwise
                // recreate it as root's, mode 0600. We truncate it ourselves before each start.
                + "    <serial type='file'>\n"
                + "      <source path='" + log + "' append='on'><seclabel model='dac' relabel='no'/></source>\n"
                + "      <target port='0'/>\n"
                + "    </serial>\n"
                + "    <console type='file'>\n"
                + "      <source path='" + log + "' append='on'><seclabel model='dac' relabel='no'/></source>\n"
                + "      <target type='serial' port='0'/>\n"
                + "    </console>\n"
                + "    <memballoon model='none'/>\n"
                // Entropy from the host, so sshd in a fresh guest does not wait for its own.
                + "    <rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>\n"
                + "  </devices>\n"
                + "</domain>\n";
    }

    private String cputune(int vcpus) {
        int percent = settings.resources().cpuQuotaPercent();
        if (percent == 0) {
            return "";
        }
        // One quota for the whole machine: vCPU threads and qemu's emulator and I/O threads together.
        long quota = GuestResources.CPU_PERIOD_MICROS * percent * vcpus / 100;
        return "  <cputune>\n"
                + "    <global_period>" + GuestResources.CPU_PERIOD_MICROS + "</global_period>\n"
                + "    <global_quota>" + Math.max(1000, quota) + "</global_quota>\n"
                + "  </cputune>\n";
    }

    /**
     * The disk's base, named so that libvirt leaves its owner alone: by default its DAC driver hands every file of
     * a disk's chain to the qemu user for good, and a shared base owned by that user could be written by any
     * machine's qemu. The base stays root's, readable by all (0644), and qemu opens it read-only.
     */
    private static String backingStore(Boot boot) {
        if (!(boot instanceof Boot.Kernel kernel) || kernel.base().isEmpty()) {
            return "";
        }
        return "      <backingStore type='file'>\n"
                + "        <format type='qcow2'/>\n"
                + "        <source file='" + Xml.text(kernel.base().get())
                + "'><seclabel model='dac' relabel='no'/></source>\n"
                + "        <backingStore/>\n"
                + "      </backingStore>\n";
    }

    private String iotune() {
        GuestResources r = settings.resources();
        if (r.diskBytesPerSecond() == 0 && r.diskIopsPerSecond() == 0) {
            return "";
        }
        return "      <iotune>\n"
                + (r.diskBytesPerSecond() > 0
                        ? "        <total_bytes_sec>" + r.diskBytesPerSecond() + "</total_bytes_sec>\n" : "")
                + (r.diskIopsPerSecond() > 0
                        ? "        <total_iops_sec>" + r.diskIopsPerSecond() + "</total_iops_sec>\n" : "")
                + "      </iotune>\n";
    }

    private String filterref(Machine machine) {
        if (!settings.firewall().enabled()) {
            return "";
        }
        return NetworkFilterXml.reference(settings.filterName(), machine.address().toString());
    }

    private String bandwidth() {
        GuestResources r = settings.resources();
        if (r.networkInboundKiBps() == 0 && r.networkOutboundKiBps() == 0) {
            return "";
        }
        // inbound = to the guest, outbound = from it; the burst lets a page load at full speed for a moment.
        return "      <bandwidth>\n"
                + (r.networkInboundKiBps() > 0 ? "        <inbound average='" + r.networkInboundKiBps()
                        + "' burst='" + burstKiB(r.networkInboundKiBps()) + "'/>\n" : "")
                + (r.networkOutboundKiBps() > 0 ? "        <outbound average='" + r.networkOutboundKiBps()
                        + "' burst='" + burstKiB(r.networkOutboundKiBps()) + "'/>\n" : "")
                + "      </bandwidth>\n";
    }

    /** A quarter second at the average rate, at least 64 KiB (tc needs a burst of more than one MTU). */
    private static long burstKiB(long averageKiBps) {
        return Math.max(64, averageKiBps / 4);
    }

    /** What the built-in guest's init reads to configure itself (see guest/rootfs/init). */
    String kernelCommandLine(Machine machine) {
        String key = Base64.getEncoder().encodeToString(
                machine.provisioningPublicKey().strip().getBytes(StandardCharsets.UTF_8));
        return "console=ttyS0 quiet panic=10 nestbox.ip=" + machine.address() + "/" + subnet.prefix()
                + " nestbox.gw=" + subnet.gateway() + " nestbox.site=" + machine.site().value()
                + (settings.firewall().gatewayDns() ? " nestbox.dns=" + subnet.gateway() : "")
                + " nestbox.key=" + key;
    }

    private String features(Accelerator accelerator, String image) {
        int cache = settings.resources().tcgCacheMib(image);
        if (accelerator == Accelerator.KVM || cache == 0) {
            return "  <features><acpi/><apic/></features>\n";
        }
        // qemu's default translation cache under TCG is far larger than a small guest needs, and all of it becomes
        // resident: it is a fixed cost per site (bench/density prints it). Each image may have its own size
        // (GuestResources.tcgCacheMib(image)): a small guest needs less of it than a full distribution.
        return "  <features><acpi/><apic/><tcg><tb-cache unit='MiB'>" + cache + "</tb-cache></tcg></features>\n";
    }

    private String os(Machine machine, Boot boot) {
        if (boot instanceof Boot.Kernel kernel) {
            return "  <os>\n"
                    + "    <type arch='x86_64'>hvm</type>\n"
                    + "    <kernel>" + Xml.text(kernel.kernel()) + "</kernel>\n"
                    + "    <initrd>" + Xml.text(kernel.initrd()) + "</initrd>\n"
                    + "    <cmdline>" + Xml.text(commandLine(kernel.arguments(), machine)) + "</cmdline>\n"
                    + "  </os>\n";
        }
        return "  <os>\n"
                + "    <type arch='x86_64'>hvm</type>\n"
                + "    <boot dev='hd'/>\n"
                + "  </os>\n";
    }

    /** The image's own arguments (like {@code root=/dev/vda}), then the platform's. */
    String commandLine(String imageArguments, Machine machine) {
        String own = kernelCommandLine(machine);
        String line = imageArguments.isBlank() ? own : imageArguments.strip() + " " + own;
        if (line.length() >= MAX_COMMAND_LINE) {
            throw new LibvirtUnavailable("the kernel command line of site " + machine.site() + " would be "
                    + line.length() + " bytes, beyond x86's " + (MAX_COMMAND_LINE - 1) + ": shorten the image's"
                    + " cmdline file, or use an ed25519 provisioning key");
        }
        return line;
    }

    private static String cpu(Accelerator accelerator, Boot boot) {
        if (accelerator == Accelerator.KVM) {
            // The KVM probe boots with -cpu host too, so a host where this CPU model breaks never gets here.
            return "  <cpu mode='host-passthrough'/>\n";
        }
        if (boot.modernCpu()) {
            // Current distributions need x86-64-v2 or better, which qemu64 lacks; TCG can emulate it.
            return "  <cpu mode='maximum' match='exact'/>\n";
        }
        return "  <cpu mode='custom' match='exact'><model fallback='allow'>qemu64</model></cpu>\n";
    }

    private static String seedDisk(Boot boot) {
        if (!(boot instanceof Boot.FromDisk fromDisk)) {
            return "";
        }
        // A read-only virtio disk rather than a CD-ROM: cloud-init finds the seed by its label on any block
        // device, and virtio needs no IDE/SATA controller, whatever machine type libvirt picks.
        return "    <disk type='file' device='disk'>\n"
                + "      <driver name='qemu' type='raw'/>\n"
                + "      <source file='" + Xml.text(fromDisk.seed()) + "'/>\n"
                + "      <target dev='vdb' bus='virtio'/>\n"
                + "      <readonly/>\n"
                + "    </disk>\n";
    }

    /** The hosting a domain definition records in our metadata; empty when it records none. */
    static Optional<HostingId> hosting(String domainXml) {
        String id = Xml.value(Xml.parse(domainXml), "/domain/metadata/*[local-name()='hosting' and namespace-uri()='"
                + METADATA_NS + "']/@id");
        try {
            return Optional.of(new HostingId(Long.parseLong(id)));
        } catch (RuntimeException noneOrNotAnId) {
            return Optional.empty();
        }
    }
}
