package dev.nestbox.adapters.libvirt;

import dev.nestbox.adapters.libvirt.LibvirtSettings.Guest;
import dev.nestbox.application.port.out.Hypervisor.Machine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * What a machine's image means on this host: which guest it is, whether its files are installed, how its disk is
 * made and how it boots. A {@link Guest.Disk disk}-kind image's disk is an overlay on the base of the version that
 * was current when the disk was made, and the machine boots that version's kernel, read back from the disk's own
 * backing file: installing a newer version changes nothing for a site that exists.
 */
final class GuestImages {
    /** Longest {@code cmdline} file we accept; the whole command line must stay below x86's 2048 bytes. */
    static final int MAX_IMAGE_ARGUMENTS = 1024;

    private final LibvirtSettings settings;
    private final boolean localHost;

    GuestImages(LibvirtSettings settings, boolean localHost) {
        this.settings = settings;
        this.localHost = localHost;
    }

    /** The guest of the machine's image. */
    Guest guest(Machine machine) {
        return settings.image(machine.plan().image())
                .orElseThrow(() -> notConfigured(machine, settings.images().keySet()));
    }

    static LibvirtUnavailable notConfigured(Machine machine, Set<String> configured) {
        String image = machine.plan().image();
        return new LibvirtUnavailable("the machine of site " + machine.site() + " (plan " + machine.plan().name()
                + ") boots image '" + image + "', which is not configured on this host (configured: "
                + (configured.isEmpty() ? "none" : String.join(", ", configured)) + "): add '" + image
                + "' to hypervisor.images in the configuration (kind builtin, disk or cloud-image) and restart"
                + " the server");
    }

    /**
     * Whether machines of {@code image} can boot here: it is configured and, where libvirt runs on this host, its
     * files are installed. Only looks at files (it runs on every request for a hosting).
     */
    boolean canBoot(String image) {
        Optional<Guest> guest = settings.image(image);
        if (guest.isEmpty()) {
            return false;
        }
        if (!localHost) {
            return true; // the files are on libvirt's host: the disk and start steps tell
        }
        if (guest.get() instanceof Guest.Builtin builtin) {
            return Files.isRegularFile(builtin.kernel()) && Files.isRegularFile(builtin.initrd());
        }
        if (guest.get() instanceof Guest.Disk disk) {
            try {
                Path version = disk.current().toRealPath();
                return Guest.Disk.VERSION_FILES.stream().allMatch(name -> Files.isRegularFile(version.resolve(name)));
            } catch (IOException | SecurityException noCurrentVersion) {
                return false;
            }
        }
        return Files.isRegularFile(((Guest.CloudImage) guest.get()).baseImage());
    }

    /**
     * The definition of the machine's new disk, of its plan's size: a blank qcow2 for the builtin guest, an overlay
     * on the base for the others (at least as large as the base, or qemu-img refuses). A disk-kind overlay's backing
     * file is the real path of the current version's base, resolved now, once.
     */
    String volumeXml(Machine machine) {
        String volume = Naming.volume(machine.site(), machine.hosting());
        long mib = machine.plan().diskMib();
        Guest guest = guest(machine);
        if (guest instanceof Guest.Disk disk) {
            requireLocal(machine, disk);
            Path base = currentBase(machine.plan().image(), disk);
            return ResourceXml.overlayVolume(volume, Math.max(mib, Qcow2.virtualSizeMib(base)), base);
        }
        if (guest instanceof Guest.CloudImage cloud) {
            if (localHost) {
                HostFiles.requireFile(cloud.baseImage(), "the cloud image of image '" + machine.plan().image() + "'",
                        "download a qcow2 cloud image of your distribution there (hypervisor.images, base)");
                mib = Math.max(mib, Qcow2.virtualSizeMib(cloud.baseImage()));
            }
            return ResourceXml.overlayVolume(volume, mib, cloud.baseImage());
        }
        return ResourceXml.emptyVolume(volume, mib);
    }

    /**
     * How the machine of a disk-kind image boots: the kernel, initramfs and {@code cmdline} of the version
     * directory its disk's backing file {@code backing} lies in (not of {@code current}).
     */
    DomainXml.Boot boot(Machine machine, Guest.Disk disk, Optional<Path> backing) {
        String image = machine.plan().image();
        String volume = Naming.volume(machine.site(), machine.hosting());
        Path base = backing.orElseThrow(() -> new LibvirtUnavailable("the disk " + volume + " of site "
                + machine.site() + " has no backing file, but image '" + image + "' (kind disk, " + disk.dir()
                + ") boots the kernel of its disk's base: the disk was made for an image of another kind; configure"
                + " the image as it was, or delete the site and make it anew"));
        requireLocal(machine, disk);
        Path version = base.toAbsolutePath().getParent();
        String keep = "the disk " + volume + " of site " + machine.site() + " is an overlay on " + base
                + ": keep its version directory (and every file in it) until no site's disk uses that base";
        for (String name : Guest.Disk.VERSION_FILES) {
            HostFiles.requireFile(version.resolve(name), "the " + name + " of image '" + image + "'", keep);
        }
        return new DomainXml.Boot.Kernel(version.resolve(Guest.Disk.KERNEL), version.resolve(Guest.Disk.INITRD),
                imageArguments(version.resolve(Guest.Disk.CMDLINE)), true, Optional.of(base));
    }

    /**
     * The version directory {@code current} leads to now, with all its files; answers its base, whose path is real
     * (no link on the way), so the overlays made on it keep naming this version whatever {@code current} becomes.
     */
    static Path currentBase(String image, Guest.Disk disk) {
        String fix = "install the image into " + disk.dir() + " (a version directory with "
                + String.join(", ", Guest.Disk.VERSION_FILES) + " and the link '" + Guest.Disk.CURRENT + "' to it)";
        Path version;
        try {
            version = disk.current().toRealPath();
        } catch (IOException e) {
            throw new LibvirtUnavailable("image '" + image + "' has no current version: " + disk.current()
                    + " does not lead to a directory (" + e.getMessage() + "); " + fix, e);
        }
        if (!Files.isDirectory(version)) {
            throw new LibvirtUnavailable("image '" + image + "': " + disk.current() + " leads to " + version
                    + ", which is not a directory; " + fix);
        }
        for (String name : Guest.Disk.VERSION_FILES) {
            HostFiles.requireFile(version.resolve(name), "the " + name + " of image '" + image + "'", fix);
        }
        Path base = version.resolve(Guest.Disk.BASE);
        if (Files.isSymbolicLink(base)) {
            throw new LibvirtUnavailable("image '" + image + "': " + base + " is a symbolic link; the base must be a"
                    + " file in its version directory, beside the kernel it boots with");
        }
        return base;
    }

    /** The one line of kernel arguments of an image version; empty is fine. */
    static String imageArguments(Path cmdline) {
        String text;
        try {
            text = Files.readString(cmdline, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new LibvirtUnavailable("cannot read the kernel arguments " + cmdline + ": " + e.getMessage()
                    + ". Image files must be readable by everyone (files 0644, directories 0755).", e);
        }
        if (text.length() > MAX_IMAGE_ARGUMENTS) {
            throw new LibvirtUnavailable("the kernel arguments in " + cmdline + " are longer than "
                    + MAX_IMAGE_ARGUMENTS + " characters; the whole command line must stay below 2048 bytes");
        }
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch < 0x20 || ch > 0x7e) {
                throw new LibvirtUnavailable("the kernel arguments in " + cmdline + " must be one line of printable"
                        + " ASCII; character " + (i + 1) + " is not");
            }
        }
        return text;
    }

    private void requireLocal(Machine machine, Guest.Disk disk) {
        if (!localHost) {
            throw new LibvirtUnavailable("image '" + machine.plan().image() + "' (kind disk, " + disk.dir()
                    + ") needs libvirt on this host, where its versions' files are read: set hypervisor.uri to a"
                    + " local libvirt (qemu:///system)");
        }
    }
}
