package dev.nestbox.adapters.libvirt;

import dev.nestbox.application.port.out.Hypervisor.Kind;
import dev.nestbox.application.port.out.Hypervisor.Machine;
import dev.nestbox.application.port.out.Hypervisor.Resource;
import dev.nestbox.domain.allocation.Ipv4Subnet;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.SiteName;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files next to the machines on this host: guest kernel or cloud image, cloud-init seeds, console logs. They
 * are only ours to check when libvirt runs here; for a remote libvirt every method leaves them alone.
 */
final class HostFiles {
    private static final Logger LOG = LoggerFactory.getLogger(HostFiles.class);
    // The tenant's logins and the guest's messages: for the server (owner) and its group (operators), no one else.
    private static final Set<PosixFilePermission> CONSOLE_LOG_MODE = PosixFilePermissions.fromString("rw-r-----");
    private static final int CONSOLE_TAIL_BYTES = 256 * 1024;

    private final LibvirtSettings settings;
    private final Ipv4Subnet subnet;
    private final boolean localHost;

    HostFiles(LibvirtSettings settings) {
        this.settings = settings;
        this.subnet = settings.subnet();
        this.localHost = isLocal(settings.uri());
    }

    boolean localHost() {
        return localHost;
    }

    void ensureLocalDirectories() {
        if (!localHost) {
            return;
        }
        createDirectory(settings.consoleLogDir(), "console log directory (setting consoleLogDir)");
        for (Path seedDir : seedDirs()) {
            createDirectory(seedDir, "cloud-init seed directory (hypervisor.images, seedDir)");
        }
    }

    /** The seed directories of the cloud-image images, each once. */
    private List<Path> seedDirs() {
        return settings.images().values().stream()
                .filter(LibvirtSettings.Guest.CloudImage.class::isInstance)
                .map(guest -> ((LibvirtSettings.Guest.CloudImage) guest).seedDir())
                .distinct().toList();
    }

    /**
     * Checks the files a builtin or cloud-image guest boots from and writes a cloud-image machine's seed. (A
     * disk-kind image's files are checked where its disk and boot are resolved, {@link GuestImages}.)
     */
    void ensureGuestFiles(Machine machine, LibvirtSettings.Guest guest) {
        if (!localHost) {
            return;
        }
        if (guest instanceof LibvirtSettings.Guest.Builtin builtin) {
            String fix = "build the guest image with 'guest/build " + builtin.imagesDir() + "'";
            requireFile(builtin.kernel(), "the guest kernel of image '" + machine.plan().image() + "'", fix);
            requireFile(builtin.initrd(), "the guest initramfs of image '" + machine.plan().image() + "'", fix);
        } else if (guest instanceof LibvirtSettings.Guest.CloudImage cloud) {
            requireFile(cloud.baseImage(), "the cloud image of image '" + machine.plan().image() + "'",
                    "download a qcow2 cloud image of your distribution there (hypervisor.images, base)");
            Path seed = cloud.seedDir().resolve(Naming.seedImage(machine.site(), machine.hosting()));
            if (!Files.isRegularFile(seed)) {
                SeedImage.write(CloudInitSeed.of(machine, subnet), seed);
                LOG.info("wrote cloud-init seed {}", seed);
            }
        }
    }

    /**
     * Deletes the hosting's seed and the seed named without an id (made before ids were recorded), and, with
     * {@code consoleLog}, the site's console log (kept while another hosting's machine of the name writes it); what
     * is already gone is fine. Another hosting's seed stays.
     */
    void deleteSiteFiles(HostingId hosting, SiteName site, boolean consoleLog) {
        if (!localHost) {
            return;
        }
        if (consoleLog) {
            deleteFile(settings.consoleLogDir().resolve(Naming.consoleLog(site)));
        }
        for (Path seedDir : seedDirs()) {
            deleteFile(seedDir.resolve(Naming.seedImage(site, hosting)));
            deleteFile(seedDir.resolve(Naming.legacySeedImage(site)));
        }
    }

    /** The cloud-init seeds in the seed directories, each with the hosting its name records; none elsewhere. */
    List<Resource> seeds() {
        if (!localHost) {
            return List.of();
        }
        List<Resource> seeds = new ArrayList<>();
        for (Path seedDir : seedDirs()) {
            if (!Files.isDirectory(seedDir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(seedDir)) {
                files.filter(Files::isRegularFile).map(file -> file.getFileName().toString()).sorted()
                        .forEach(name -> Naming.seedOwner(name).ifPresent(owner ->
                                seeds.add(new Resource(Kind.SEED, name, owner.site(), owner.hosting()))));
            } catch (IOException e) {
                throw new LibvirtUnavailable("cannot list the cloud-init seed directory " + seedDir + ": "
                        + e.getMessage() + ". It must be readable by the server's user.", e);
            }
        }
        return seeds;
    }

    /**
     * The console log is ours (the server's user) and emptied before every start, so it shows this boot only and
     * the server can read the host key the guest prints there. A log virtlogd made earlier (root's, 0600) is
     * replaced.
     */
    void prepareConsoleLog(SiteName site) {
        if (!localHost) {
            return;
        }
        Path log = settings.consoleLogDir().resolve(Naming.consoleLog(site));
        try {
            if (Files.exists(log, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    && (Files.isSymbolicLink(log) || !Files.isReadable(log) || !Files.isWritable(log))) {
                Files.delete(log);
                LOG.info("replaced console log {}, which the server could not read", log);
            }
            if (Files.exists(log)) {
                Files.newByteChannel(log, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING).close();
                Files.setPosixFilePermissions(log, CONSOLE_LOG_MODE);
            } else {
                Files.createFile(log, PosixFilePermissions.asFileAttribute(CONSOLE_LOG_MODE));
            }
        } catch (IOException e) {
            throw new LibvirtUnavailable("cannot prepare the console log " + log + ": " + e.getMessage()
                    + ". The console log directory (setting consoleLogDir) must belong to the server's user.", e);
        }
    }

    /**
     * What the machine of {@code site} printed on its serial console since its last start (the last 256 KiB);
     * empty when libvirt runs on another host or the machine never started.
     */
    Optional<String> consoleLog(SiteName site) {
        if (!localHost) {
            return Optional.empty();
        }
        Path log = settings.consoleLogDir().resolve(Naming.consoleLog(site));
        if (!Files.exists(log)) {
            return Optional.empty();
        }
        try (java.nio.channels.SeekableByteChannel channel = Files.newByteChannel(log, StandardOpenOption.READ)) {
            long size = channel.size();
            long from = Math.max(0, size - CONSOLE_TAIL_BYTES);
            channel.position(from);
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) (size - from));
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // read to the end known above; the guest may append meanwhile
            }
            return Optional.of(new String(buffer.array(), 0, buffer.position(),
                    java.nio.charset.StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new LibvirtUnavailable("cannot read the console log " + log + " of site " + site + ": "
                    + e.getMessage() + ". It must be readable by the server's user (Nestbox creates it so before"
                    + " each start).", e);
        }
    }

    static void requireFile(Path file, String what, String fix) {
        if (!Files.isRegularFile(file)) {
            throw new LibvirtUnavailable(what + " " + file + " is missing: " + fix);
        }
    }

    private static void createDirectory(Path dir, String what) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LibvirtUnavailable("cannot create the " + what + " " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void deleteFile(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new LibvirtUnavailable("cannot delete " + file + ": " + e.getMessage()
                    + ". Check the permissions of its directory.", e);
        }
    }

    static boolean isLocal(String uri) {
        try {
            String host = URI.create(uri).getHost();
            return host == null || host.isEmpty() || host.equals("localhost");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
