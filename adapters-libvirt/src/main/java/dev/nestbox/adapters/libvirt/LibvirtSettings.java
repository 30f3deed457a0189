package dev.nestbox.adapters.libvirt;

import dev.nestbox.domain.allocation.Ipv4Subnet;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how the hypervisor adapter runs machines. {@link #defaults()} gives the values a single-host
 * installation uses; the {@code with...} methods change one thing each.
 *
 * @param uri           libvirt connection URI, {@code qemu:///system} on a host
 * @param networkName   our own NAT network; never libvirt's {@code default}, which other tools own
 * @param bridgeName    the host bridge of that network (at most 15 characters, a Linux limit)
 * @param subnetCidr    the guests' subnet, like {@code 10.88.0.0/24}; its first address is the host's bridge
 * @param poolName      directory storage pool holding the sites' disks
 * @param poolPath      directory of that pool
 * @param diskMib       size of a new site disk
 * @param consoleLogDir one serial-console log per machine, {@code <site>.log}
 * @param accel         {@code auto} probes whether KVM guests really run here
 * @param memoryMib     memory of a machine whose hosting does not say (the plan's default)
 * @param vcpus         virtual CPUs of every machine
 * @param guest         which guest the machines boot
 * @param firewall      what guests may send (a libvirt network filter on every guest interface)
 * @param resources     CPU, disk and network limits of every machine
 */
public record LibvirtSettings(String uri, String networkName, String bridgeName, String subnetCidr,
                              String poolName, Path poolPath, long diskMib, Path consoleLogDir, Accel accel,
                              int memoryMib, int vcpus, Guest guest, GuestFirewall firewall,
                              GuestResources resources) {
    private static final Pattern LIBVIRT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern BRIDGE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}");

    public LibvirtSettings {
        Objects.requireNonNull(uri, "uri");
        requireMatch("networkName", networkName, LIBVIRT_NAME);
        if (networkName.equals("default")) {
            throw new IllegalArgumentException(
                    "networkName must not be libvirt's 'default' network: Nestbox needs a network of its own");
        }
        requireMatch("bridgeName", bridgeName, BRIDGE_NAME);
        Ipv4Subnet.parse(Objects.requireNonNull(subnetCidr, "subnetCidr"));
        requireMatch("poolName", poolName, LIBVIRT_NAME);
        requireAbsolute("poolPath", poolPath);
        requireAbsolute("consoleLogDir", consoleLogDir);
        Objects.requireNonNull(accel, "accel");
        Objects.requireNonNull(guest, "guest");
        Objects.requireNonNull(firewall, "firewall");
        Objects.requireNonNull(resources, "resources");
        if (diskMib < 64) {
            throw new IllegalArgumentException("diskMib must be at least 64: " + diskMib);
        }
        if (memoryMib < 64) {
            throw new IllegalArgumentException("memoryMib must be at least 64: " + memoryMib);
        }
        if (vcpus < 1) {
            throw new IllegalArgumentException("vcpus must be at least 1: " + vcpus);
        }
    }

    /** With the default firewall and resource limits. */
    public LibvirtSettings(String uri, String networkName, String bridgeName, String subnetCidr, String poolName,
                           Path poolPath, long diskMib, Path consoleLogDir, Accel accel, int memoryMib, int vcpus,
                           Guest guest) {
        this(uri, networkName, bridgeName, subnetCidr, poolName, poolPath, diskMib, consoleLogDir, accel, memoryMib,
                vcpus, guest, GuestFirewall.defaults(), GuestResources.defaults());
    }

    public static LibvirtSettings defaults() {
        return new LibvirtSettings("qemu:///system", "nestbox", "nbbr0", "10.88.0.0/24",
                "nestbox", Path.of("/var/lib/nestbox/disks"), 1024, Path.of("/var/log/nestbox/console"),
                Accel.AUTO, 128, 1, new Guest.Builtin(Path.of("/var/lib/nestbox/images")));
    }

    public Ipv4Subnet subnet() {
        return Ipv4Subnet.parse(subnetCidr);
    }

    public LibvirtSettings withUri(String value) {
        return new LibvirtSettings(value, networkName, bridgeName, subnetCidr, poolName, poolPath, diskMib,
                consoleLogDir, accel, memoryMib, vcpus, guest, firewall, resources);
    }

    public LibvirtSettings withNetwork(String name, String bridge, String cidr) {
        return new LibvirtSettings(uri, name, bridge, cidr, poolName, poolPath, diskMib,
                consoleLogDir, accel, memoryMib, vcpus, guest, firewall, resources);
    }

    public LibvirtSettings withPool(String name, Path path) {
        return new LibvirtSettings(uri, networkName, bridgeName, subnetCidr, name, path, diskMib,
                consoleLogDir, accel, memoryMib, vcpus, guest, firewall, resources);
    }

    public LibvirtSettings withConsoleLogDir(Path value) {
        return new LibvirtSettings(uri, networkName, bridgeName, subnetCidr, poolName, poolPath, diskMib,
                value, accel, memoryMib, vcpus, guest, firewall, resources);
    }

    public LibvirtSettings withAccel(Accel value) {
        return new LibvirtSettings(uri, networkName, bridgeName, subnetCidr, poolName, poolPath, diskMib,
                consoleLogDir, value, memoryMib, vcpus, guest, firewall, resources);
    }

    public LibvirtSettings withGuest(Guest value) {
        return new LibvirtSettings(uri, networkName, bridgeName, subnetCidr, poolName, poolPath, diskMib,
                consoleLogDir, accel, memoryMib, vcpus, value, firewall, resources);
    }

    public LibvirtSettings withFirewall(GuestFirewall value) {
        return new LibvirtSettings(uri, networkName, bridgeName, subnetCidr, poolName, poolPath, diskMib,
                consoleLogDir, accel, memoryMib, vcpus, guest, value, resources);
    }

    public LibvirtSettings withResources(GuestResources value) {
        return new LibvirtSettings(uri, networkName, bridgeName, subnetCidr, poolName, poolPath, diskMib,
                consoleLogDir, accel, memoryMib, vcpus, guest, firewall, value);
    }

    /** Name of the network filter on every guest interface. */
    public String filterName() {
        return NetworkFilterXml.name(networkName);
    }

    /** How guests are accelerated: {@code auto} uses KVM only where a probe guest actually runs under it. */
    public enum Accel {
        AUTO, KVM, TCG;

        /** Reads the configuration words {@code auto}, {@code kvm}, {@code tcg}. */
        public static Accel parse(String word) {
            try {
                return valueOf(word.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("accel must be auto, kvm or tcg, not '" + word + "'", e);
            }
        }
    }

    /** The system a machine boots. */
    public sealed interface Guest {
        /**
         * Nestbox's own small guest ({@code guest/build}): {@code vmlinuz} and {@code initrd.img} in
         * {@code imagesDir}, booted directly, configured from the kernel command line.
         */
        record Builtin(Path imagesDir) implements Guest {
            public Builtin {
                requireAbsolute("imagesDir", imagesDir);
            }

            public Path kernel() {
                return imagesDir.resolve("vmlinuz");
            }

            public Path initrd() {
                return imagesDir.resolve("initrd.img");
            }
        }

        /**
         * A distribution cloud image (qcow2) as the base of every site's disk, configured by cloud-init from a
         * NoCloud seed image written to {@code seedDir}.
         */
        record CloudImage(Path baseImage, Path seedDir) implements Guest {
            public CloudImage {
                requireAbsolute("baseImage", baseImage);
                requireAbsolute("seedDir", seedDir);
            }
        }

        /**
         * Reads the configuration words: {@code builtin} (uses {@code imagesDir}) or {@code cloud-image}
         * (uses {@code cloudImage} and {@code seedDir}).
         */
        static Guest of(String kind, Path imagesDir, Path cloudImage, Path seedDir) {
            switch (kind.strip().toLowerCase(Locale.ROOT)) {
                case "builtin":
                    return new Builtin(imagesDir);
                case "cloud-image":
                    return new CloudImage(cloudImage, seedDir);
                default:
                    throw new IllegalArgumentException("guestKind must be builtin or cloud-image, not '" + kind + "'");
            }
        }
    }

    private static void requireMatch(String field, String value, Pattern shape) {
        Objects.requireNonNull(value, field);
        if (!shape.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " is not a usable name: '" + value + "'");
        }
    }

    private static void requireAbsolute(String field, Path value) {
        Objects.requireNonNull(value, field);
        if (!value.isAbsolute()) {
            throw new IllegalArgumentException(field + " must be an absolute path: " + value);
        }
    }
}
