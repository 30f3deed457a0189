package dev.nestbox.adapters.libvirt;

import dev.nestbox.application.port.out.Hypervisor;
import dev.nestbox.domain.allocation.Ipv4Subnet;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.SiteName;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import static dev.nestbox.adapters.libvirt.Handles.free;

/**
 * {@link Hypervisor} on libvirt: one domain {@code nestbox-<site>} per site, recording its hosting's id in its
 * metadata, its disk {@code <site>.<hosting id>.qcow2} in our own directory pool, its NIC on our own isolated NAT
 * network. Every operation looks before it acts, so running it twice, or after a crash half-way, ends in the same
 * state; what it finds of the site's name but of another hosting (or none) it refuses rather than adopts. The
 * machines ({@link Machines}) are kept apart from what they share on the host ({@link HostNetwork},
 * {@link DiskPool}, {@link HostFiles}); this class checks what it is given and runs each step on the one connection.
 */
final class LibvirtHypervisor implements Hypervisor {
    private final LibvirtConnection libvirt;
    private final LibvirtSettings settings;
    private final Ipv4Subnet subnet;
    private final DomainXml domainXml;
    private final Supplier<Accelerator> accelerator;
    private final HostFiles files;
    private final HostNetwork network;
    private final DiskPool pool;
    private final GuestImages images;
    private final Machines machines;

    LibvirtHypervisor(LibvirtConnection libvirt, LibvirtSettings settings, Supplier<Accelerator> accelerator) {
        this.libvirt = libvirt;
        this.settings = settings;
        this.subnet = settings.subnet();
        this.domainXml = new DomainXml(settings);
        this.accelerator = accelerator;
        this.files = new HostFiles(settings);
        this.network = new HostNetwork(settings);
        this.pool = new DiskPool(settings);
        this.images = new GuestImages(settings, files.localHost());
        this.machines = new Machines(settings, files);
    }

    @Override
    public void prepare() {
        files.ensureLocalDirectories();
        libvirt.call("set up network '" + settings.networkName() + "' and storage pool '" + settings.poolName() + "'",
                c -> {
                    network.ensureFilter(c);
                    free(network.active(c));
                    free(pool.active(c));
                    return null;
                });
    }

    /** The image is configured here and its files are installed (file checks only: no libvirt call). */
    @Override
    public boolean canBoot(String image) {
        return images.canBoot(image);
    }

    @Override
    public void createDisk(Machine machine) {
        check(machine);
        refuseLeftovers(machine);
        String xml = images.volumeXml(machine);
        libvirt.call("create the disk of site " + machine.site(), c -> {
            pool.createVolume(c, machine.hosting(), machine.site(), xml);
            return null;
        });
    }

    @Override
    public void start(Machine machine) {
        check(machine);
        refuseLeftovers(machine);
        LibvirtSettings.Guest guest = images.guest(machine);
        files.ensureLocalDirectories();
        files.ensureGuestFiles(machine, guest);
        DomainXml.Boot boot;
        if (guest instanceof LibvirtSettings.Guest.Disk disk) {
            // The kernel of the base the disk was made on, not of the image's current version.
            Optional<Path> backing = libvirt.call("read the disk of site " + machine.site(),
                    c -> pool.backingFile(c, machine.hosting(), machine.site()));
            boot = images.boot(machine, disk, backing);
        } else {
            boot = domainXml.boot(machine);
        }
        String xml = domainXml.render(machine, accelerator.get(), boot);
        libvirt.call("start the machine of site " + machine.site(), c -> {
            network.ensureFilter(c);
            free(network.active(c));
            machines.start(c, machine, xml);
            return null;
        });
    }

    @Override
    public Set<SiteName> isolate(Map<SiteName, Ipv4Address> addresses) {
        addresses.values().forEach(this::checkAddress);
        if (!settings.firewall().enabled() || addresses.isEmpty()) {
            return Set.of();
        }
        return libvirt.call("keep the guest filter on " + addresses.size() + " running machines", c -> {
            network.ensureFilter(c);
            return machines.isolate(c, addresses);
        });
    }

    @Override
    public MachineState state(SiteName site) {
        return libvirt.call("read the state of the machine of site " + site, c -> machines.state(c, site));
    }

    @Override
    public void destroy(HostingId hosting, SiteName site) {
        boolean machineGone = libvirt.call("remove the machine of site " + site, c -> {
            boolean gone = machines.remove(c, hosting, site);
            pool.deleteVolumes(c, hosting, site);
            return gone;
        });
        files.deleteSiteFiles(hosting, site, machineGone);
    }

    @Override
    public List<SiteName> machines() {
        return libvirt.call("list the machines", machines::list);
    }

    @Override
    public List<Resource> resources() {
        List<Resource> all = new ArrayList<>(libvirt.call("list the machines and disks", c -> {
            List<Resource> found = new ArrayList<>(machines.resources(c, Optional.empty()));
            found.addAll(pool.resources(c));
            return found;
        }));
        all.addAll(files.seeds());
        return all;
    }

    @Override
    public List<Resource> resources(SiteName site) {
        List<Resource> named = new ArrayList<>(libvirt.call("look for the machine and disks of site " + site, c -> {
            List<Resource> found = new ArrayList<>(machines.resources(c, Optional.of(site)));
            pool.resources(c).stream().filter(disk -> disk.site().equals(site)).forEach(found::add);
            return found;
        }));
        files.seeds().stream().filter(seed -> seed.site().equals(site)).forEach(named::add);
        return named;
    }

    /** Before making anything for a hosting: nothing of its site's name may be another hosting's, or no one's. */
    private void refuseLeftovers(Machine machine) {
        for (Resource found : resources(machine.site())) {
            if (!found.ownedBy(machine.hosting())) {
                throw new ForeignLeftover(machine.hosting(), found);
            }
        }
    }

    /**
     * What the machine of {@code site} printed on its serial console since its last start (the last 256 KiB);
     * empty when libvirt runs on another host or the machine never started.
     */
    Optional<String> consoleLog(SiteName site) {
        return files.consoleLog(site);
    }

    /** A machine this hypervisor cannot place is refused before libvirt is asked for anything. */
    private void check(Machine machine) {
        Objects.requireNonNull(machine, "machine");
        images.guest(machine); // its image is configured here
        checkAddress(machine.address());
        if (machine.provisioningPublicKey().isBlank()) {
            throw new LibvirtUnavailable("machine of site " + machine.site() + " has no provisioning key");
        }
    }

    private void checkAddress(Ipv4Address address) {
        if (!subnet.isGuestAddress(address)) {
            throw new LibvirtUnavailable("machine address " + address
                    + " is not a guest address of the network's subnet " + subnet
                    + "; check that hypervisor.subnet did not change since the site was recorded");
        }
    }
}
