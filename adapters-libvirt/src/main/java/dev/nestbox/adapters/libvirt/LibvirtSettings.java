package dev.nestbox.adapters.libvirt;

import dev.nestbox.domain.allocation.Ipv4Subnet;

import dev.nestbox.domain.plan.Plan;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where and how the hypervisor adapter runs machines. {@link #defaults()} gives the values a single-host
 * installation uses; the {@code with...} methods change one thing each. A machine's size (memory, vCPUs, disk) is
 * its plan's; what it boots is the guest of its plan's image, looked up in {@link #images()}.
 *
 * @param uri           libvirt connection URI, {@code qemu:///system} on a host
 * @param networkName   our own NAT network; never libvirt's {@code default}, which other tools own
 * @param bridgeName    the host bridge of that network (at most 15 characters, a Linux limit)
 * @param subnetCidr    the guests' subnet, like {@code 10.88.0.0/24}; its first address is the host's bridge
 * @param poolName      directory storage pool holding the sites' disks
 * @param poolPath      directory of that pool; no image may live in it (libvirt would list it as a volume)
 * @param consoleLogDir one serial-console log per machine, {@code <site>.log}
 * @param accel         {@code auto} probes whether KVM guests really run here
 * @param images        image name (a plan's {@code image}) to the guest its machines boot
 * @param firewall      what guests may send (a libvirt network filter on every guest interface)
 * @param resources     CPU, disk and network limits of every machine
 */
public record LibvirtSettings(String uri, String networkName, String bridgeName, String subnetCidr,
                              String poolName, Path poolPath, Path consoleLogDir, Accel accel,
                              Map<String, Guest> images, GuestFirewall firewall, GuestResources resources) {
    private static final Pattern LIBVIRT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern BRIDGE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}");
    /** The image of plans made before plans had images, and of configurations without {@code images}. */
    public static final String DEFAULT_IMAGE = "micro";

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
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(firewall, "firewall");
        Objects.requireNonNull(resources, "resources");
        Map<String, Guest> sorted = new TreeMap<>();
        for (Map.Entry<String, Guest> image : images.entrySet()) {
            if (!Plan.isName(image.getKey())) {
                throw new IllegalArgumentException("image name must be a lower-case letter followed by at most 31"
                        + " lower-case letters, digits or dashes: '" + image.getKey() + "'");
            }
            Guest guest = Objects.requireNonNull(image.getValue(), "guest of image " + image.getKey());
            for (Path file : guest.files()) {
                if (file.normalize().startsWith(poolPath.normalize())) {
                    throw new IllegalArgumentException("image " + image.getKey() + ": " + file + " lies in the disk"
                            + " pool's directory " + poolPath + ", where libvirt would list and manage it as a"
                            + " site's disk; keep images outside poolPath");
                }
            }
            sorted.put(image.getKey(), guest);
        }
        images = Collections.unmodifiableMap(sorted);
    }

    /** With the default firewall and resource limits. */
    public LibvirtSettings(String uri, String networkName, String bridgeName, String subnetCidr, String poolName,
                           Path poolPath, Path consoleLogDir, Accel accel, Map<String, Guest> images) {
        this(uri, networkName, bridgeName, subnetCidr, poolName, poolPath, consoleLogDir, accel, images,
                GuestFirewall.defaults(), GuestResources.defaults());
    }

    public static LibvirtSettings defaults() {
        return new LibvirtSettings("qemu:///system", "nestbox", "nbbr0", "10.88.0.0/24",
                "nestbox", Path.of("/var/lib/nestbox/disks"), Path.of("/var/log/nestbox/console"),
                Accel.AUTO, Map.of(DEFAULT_IMAGE, new Guest.Builtin(Path.of("/var/lib/nestbox/images"))));
    }

    public Ipv4Subnet subnet() {
        return Ipv4Subnet.parse(subnetCidr);
    }

    /** The guest of {@code image}; empty when no image of the name is configured. */
    public Optional<Guest> image(String name) {
        return Optional.ofNullable(images.get(name));
    }

    public LibvirtSettings withUri(String value) {
        return new LibvirtSettings(value, networkName, bridgeName, subnetCidr, poolName, poolPath,
                consoleLogDir, accel, images, firewall, resources);
    }

    public LibvirtSettings withNetwork(String name, String bridge, String cidr) {
        return new LibvirtSettings(uri, name, bridge, cidr, poolName, poolPath,
                consoleLogDir, accel, images, firewall, resources);
    }

    public LibvirtSettings withPool(String name, Path path) {
        return new LibvirtSettings(uri, networkName, bridgeName, subnetCidr, name, path,
                consoleLogDir, accel, images, firewall, resources);
    }

    public LibvirtSettings withConsoleLogDir(Path value) {
        return new LibvirtSettings(uri, networkName, bridgeName, subnetCidr, poolName, poolPath,
                value, accel, images, firewall, resources);
    }

    public LibvirtSettings withAccel(Accel value) {
        return new LibvirtSettings(uri, networkName, bridgeName, subnetCidr, poolName, poolPath,
                consoleLogDir, value, images, firewall, resources);
    }

    /** All images at once, replacing those configured. */
    public LibvirtSettings withImages(Map<String, Guest> value) {
        return new LibvirtSettings(uri, networkName, bridgeName, subnetCidr, poolName, poolPath,
                consoleLogDir, accel, value, firewall, resources);
    }

    /** One image added, or replaced when one of the name is configured. */
    public LibvirtSettings withImage(String name, Guest guest) {
        Map<String, Guest> value = new TreeMap<>(images);
        value.put(name, guest);
        return withImages(value);
    }

    public LibvirtSettings withFirewall(GuestFirewall value) {
        return new LibvirtSettings(uri, networkName, bridgeName, subnetCidr, poolName, poolPath,
                consoleLogDir, accel, images, value, resources);
    }

    public LibvirtSettings withResources(GuestResources value) {
        return new LibvirtSettings(uri, networkName, bridgeName, subnetCidr, poolName, poolPath,
                consoleLogDir, accel, images, firewall, value);
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

    /** The system a machine boots: one per image. */
    public sealed interface Guest {
        /** The files and directories the guest is made of, for the check that none is in the disk pool. */
        List<Path> files();

        /**
         * Nestbox's own small guest ({@code guest/build}): {@code vmlinuz} and {@code initrd.img} in
         * {@code imagesDir}, booted directly, configured from the kernel command line; its disk is a blank qcow2
         * of the plan's size, formatted by the guest on first boot.
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

            @Override
            public List<Path> files() {
                return List.of(imagesDir);
            }
        }

        /**
         * A full system on a disk image: {@code dir/current} is a symbolic link to a version directory
         * {@code dir/<version>/} holding {@link #KERNEL}, {@link #INITRD}, {@link #BASE}, {@link #CMDLINE} and a
         * {@code manifest}. A site's disk is a qcow2 overlay (a linked clone) on the base of the version that was
         * current when the disk was made; the machine boots that version's kernel and initramfs with the arguments
         * of its {@code cmdline} file before the platform's own. Another version installed later as {@code current}
         * serves new sites only, so a version directory must stay while any site's disk uses its base.
         */
        record Disk(Path dir) implements Guest {
            public static final String CURRENT = "current";
            public static final String KERNEL = "vmlinuz";
            public static final String INITRD = "initrd.img";
            public static final String BASE = "base.qcow2";
            public static final String CMDLINE = "cmdline";
            /** What a version directory must hold for a machine to boot from it. */
            public static final List<String> VERSION_FILES = List.of(KERNEL, INITRD, BASE, CMDLINE);

            public Disk {
                requireAbsolute("dir", dir);
            }

            /** The symbolic link to the version new sites get. */
            public Path current() {
                return dir.resolve(CURRENT);
            }

            @Override
            public List<Path> files() {
                return List.of(dir);
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

            @Override
            public List<Path> files() {
                return List.of(baseImage, seedDir);
            }
        }

        /**
         * Reads the configuration words: {@code builtin} (kernel and initramfs in {@code dir}), {@code disk}
         * (version directories in {@code dir}) or {@code cloud-image} (uses {@code cloudImage} and
         * {@code seedDir}).
         */
        static Guest of(String kind, Path dir, Path cloudImage, Path seedDir) {
            switch (kind.strip().toLowerCase(Locale.ROOT)) {
                case "builtin":
                    return new Builtin(dir);
                case "disk":
                    return new Disk(dir);
                case "cloud-image":
                    return new CloudImage(cloudImage, seedDir);
                default:
                    throw new IllegalArgumentException(
                            "an image's kind must be builtin, disk or cloud-image, not '" + kind + "'");
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
