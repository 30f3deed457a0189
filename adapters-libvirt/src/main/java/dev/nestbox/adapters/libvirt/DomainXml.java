package dev.nestbox.adapters.libvirt;

import dev.nestbox.application.port.out.Hypervisor.Machine;
import dev.nestbox.domain.allocation.Ipv4Subnet;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The one place a machine's libvirt domain definition is written. */
final class DomainXml {
    private final LibvirtSettings settings;
    private final Ipv4Subnet subnet;

    DomainXml(LibvirtSettings settings) {
        this.settings = settings;
        this.subnet = settings.subnet();
    }

    String render(Machine machine, Accelerator accelerator) {
        String log = Xml.text(settings.consoleLogDir().resolve(Naming.consoleLog(machine.site())));
        return "<domain type='" + accelerator.domainType() + "'>\n"
                + "  <name>" + Xml.text(Naming.domain(machine.site())) + "</name>\n"
                + "  <description>Nestbox site " + Xml.text(machine.site()) + "</description>\n"
                + "  <memory unit='MiB'>" + memoryMib(machine) + "</memory>\n"
                + "  <vcpu>" + settings.vcpus() + "</vcpu>\n"
                + os(machine)
                + features(accelerator)
                + cpu(accelerator)
                + "  <clock offset='utc'/>\n"
                + "  <on_poweroff>destroy</on_poweroff>\n"
                + "  <on_reboot>restart</on_reboot>\n"
                + "  <on_crash>restart</on_crash>\n"
                + "  <devices>\n"
                + "    <disk type='volume' device='disk'>\n"
                + "      <driver name='qemu' type='qcow2'/>\n"
                + "      <source pool='" + Xml.text(settings.poolName()) + "' volume='"
                + Xml.text(Naming.volume(machine.site())) + "'/>\n"
                + "      <target dev='vda' bus='virtio'/>\n"
                + "    </disk>\n"
                + seedDisk(machine)
                + "    <interface type='network'>\n"
                + "      <source network='" + Xml.text(settings.networkName()) + "'/>\n"
                + "      <mac address='" + Naming.mac(machine.address()) + "'/>\n"
                + "      <model type='virtio'/>\n"
                // No network boot: without the option ROM the BIOS reaches the kernel sooner.
                + "      <rom enabled='no'/>\n"
                + "    </interface>\n"
                + "    <serial type='file'>\n"
                + "      <source path='" + log + "'/>\n"
                + "      <target port='0'/>\n"
                + "    </serial>\n"
                + "    <console type='file'>\n"
                + "      <source path='" + log + "'/>\n"
                + "      <target type='serial' port='0'/>\n"
                + "    </console>\n"
                + "    <memballoon model='none'/>\n"
                // Entropy from the host, so sshd in a fresh guest does not wait for its own.
                + "    <rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>\n"
                + "  </devices>\n"
                + "</domain>\n";
    }

    /** What the built-in guest's init reads to configure itself (see guest/rootfs/init). */
    String kernelCommandLine(Machine machine) {
        String key = Base64.getEncoder().encodeToString(
                machine.provisioningPublicKey().strip().getBytes(StandardCharsets.UTF_8));
        return "console=ttyS0 quiet panic=10 nestbox.ip=" + machine.address() + "/" + subnet.prefix()
                + " nestbox.gw=" + subnet.gateway() + " nestbox.site=" + machine.site().value()
                + " nestbox.key=" + key;
    }

    private static String features(Accelerator accelerator) {
        if (accelerator == Accelerator.KVM) {
            return "  <features><acpi/><apic/></features>\n";
        }
        // qemu's default translation cache under TCG is far larger than a 128 MiB guest needs (RSS ~300 -> ~240 MB).
        return "  <features><acpi/><apic/><tcg><tb-cache unit='MiB'>64</tb-cache></tcg></features>\n";
    }

    int memoryMib(Machine machine) {
        return machine.memoryMib() > 0 ? machine.memoryMib() : settings.memoryMib();
    }

    private String os(Machine machine) {
        LibvirtSettings.Guest guest = settings.guest();
        if (guest instanceof LibvirtSettings.Guest.Builtin builtin) {
            return "  <os>\n"
                    + "    <type arch='x86_64'>hvm</type>\n"
                    + "    <kernel>" + Xml.text(builtin.kernel()) + "</kernel>\n"
                    + "    <initrd>" + Xml.text(builtin.initrd()) + "</initrd>\n"
                    + "    <cmdline>" + Xml.text(kernelCommandLine(machine)) + "</cmdline>\n"
                    + "  </os>\n";
        }
        return "  <os>\n"
                + "    <type arch='x86_64'>hvm</type>\n"
                + "    <boot dev='hd'/>\n"
                + "  </os>\n";
    }

    private String cpu(Accelerator accelerator) {
        if (accelerator == Accelerator.KVM) {
            // The KVM probe boots with -cpu host too, so a host where this CPU model breaks never gets here.
            return "  <cpu mode='host-passthrough'/>\n";
        }
        if (settings.guest() instanceof LibvirtSettings.Guest.CloudImage) {
            // Current distributions need x86-64-v2 or better, which qemu64 lacks; TCG can emulate it.
            return "  <cpu mode='maximum' match='exact'/>\n";
        }
        return "  <cpu mode='custom' match='exact'><model fallback='allow'>qemu64</model></cpu>\n";
    }

    private String seedDisk(Machine machine) {
        LibvirtSettings.Guest guest = settings.guest();
        if (!(guest instanceof LibvirtSettings.Guest.CloudImage cloud)) {
            return "";
        }
        // A read-only virtio disk rather than a CD-ROM: cloud-init finds the seed by its label on any block
        // device, and virtio needs no IDE/SATA controller, whatever machine type libvirt picks.
        return "    <disk type='file' device='disk'>\n"
                + "      <driver name='qemu' type='raw'/>\n"
                + "      <source file='" + Xml.text(cloud.seedDir().resolve(Naming.seedImage(machine.site()))) + "'/>\n"
                + "      <target dev='vdb' bus='virtio'/>\n"
                + "      <readonly/>\n"
                + "    </disk>\n";
    }
}
