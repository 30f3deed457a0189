package dev.nestbox.adapters.libvirt;

import dev.nestbox.adapters.libvirt.ResourceDrift.Difference;
import dev.nestbox.application.port.out.Hypervisor;
import dev.nestbox.domain.allocation.Ipv4Subnet;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.SiteName;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.Network;
import org.libvirt.NetworkFilter;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * {@link Hypervisor} on libvirt: one domain {@code nestbox-<site>} per site, its disk {@code <site>.qcow2} in our
 * own directory pool, its NIC on our own isolated NAT network. Every operation looks before it acts, so running
 * it twice, or after a crash half-way, ends in the same state.
 */
final class LibvirtHypervisor implements Hypervisor {
    private static final Logger LOG = Logger.getLogger(LibvirtHypervisor.class.getName());
    private static final int AFFECT_LIVE = 1; // VIR_DOMAIN_AFFECT_LIVE
    // The tenant's logins and the guest's messages: for the server (owner) and its group (operators), no one else.
    private static final Set<java.nio.file.attribute.PosixFilePermission> CONSOLE_LOG_MODE =
            PosixFilePermissions.fromString("rw-r-----");
    private static final int CONSOLE_TAIL_BYTES = 256 * 1024;
    private static final int UNDEFINE_FLAGS =
            Domain.UndefineFlags.MANAGED_SAVE | Domain.UndefineFlags.SNAPSHOTS_METADATA;

    private final LibvirtConnection libvirt;
    private final LibvirtSettings settings;
    private final Ipv4Subnet subnet;
    private final DomainXml domainXml;
    private final Supplier<Accelerator> accelerator;
    // Files next to the machines (kernel, console logs, seeds) are only ours to check on this host.
    private final boolean localHost;

    LibvirtHypervisor(LibvirtConnection libvirt, LibvirtSettings settings, Supplier<Accelerator> accelerator) {
        this.libvirt = libvirt;
        this.settings = settings;
        this.subnet = settings.subnet();
        this.domainXml = new DomainXml(settings);
        this.accelerator = accelerator;
        this.localHost = isLocal(settings.uri());
    }

    @Override
    public void prepare() {
        ensureLocalDirectories();
        libvirt.call("set up network '" + settings.networkName() + "' and storage pool '" + settings.poolName() + "'",
                c -> {
                    ensureFilter(c);
                    free(activeNetwork(c));
                    free(activePool(c));
                    return null;
                });
    }

    @Override
    public void createDisk(Machine machine) {
        check(machine);
        String volume = Naming.volume(machine.site());
        String xml = volumeXml(volume);
        libvirt.call("create the disk of site " + machine.site(), c -> {
            StoragePool pool = activePool(c);
            try {
                pool.refresh(0);
                Optional<StorageVol> existing = volume(pool, volume);
                if (existing.isPresent()) {
                    free(existing.get());
                    return null;
                }
                free(pool.storageVolCreateXML(xml, 0));
                LOG.info(() -> "created disk " + volume + " in pool " + settings.poolName());
                return null;
            } finally {
                free(pool);
            }
        });
    }

    @Override
    public void start(Machine machine) {
        check(machine);
        ensureLocalDirectories();
        ensureGuestFiles(machine);
        String xml = domainXml.render(machine, accelerator.get());
        String name = Naming.domain(machine.site());
        libvirt.call("start the machine of site " + machine.site(), c -> {
            ensureFilter(c);
            free(activeNetwork(c));
            Optional<Domain> existing = domain(c, name);
            Domain domain;
            if (existing.isPresent()) {
                domain = redefined(c, existing.get(), xml, name, machine);
            } else {
                domain = c.domainDefineXML(xml);
                LOG.info(() -> "defined machine " + name);
            }
            try {
                if (!domain.getAutostart()) {
                    domain.setAutostart(true);
                }
                if (domain.isActive() == 0) {
                    prepareConsoleLog(machine.site());
                    create(domain);
                    LOG.info(() -> "started machine " + name);
                } else if (domain.getInfo().state == DomainInfo.DomainState.VIR_DOMAIN_PAUSED) {
                    domain.resume();
                    LOG.info(() -> "resumed machine " + name);
                }
                return null;
            } finally {
                free(domain);
            }
        });
    }

    /** Starts a defined machine; a host that cannot enforce a configured limit is told which setting to change. */
    private void create(Domain domain) throws LibvirtException {
        try {
            domain.create();
        } catch (LibvirtException e) {
            String message = LibvirtConnection.message(e).strip();
            if (message.contains("cgroup cpu")) {
                throw new LibvirtUnavailable("libvirt cannot limit the CPU of machines on this host (" + message
                        + "): run libvirtd where it has the cgroup CPU controller (under systemd), or set"
                        + " hypervisor.resources.cpuQuotaPercent to 0", e);
            }
            if (message.contains("tc ") || message.contains("qdisc") || message.contains("TC action")) {
                throw new LibvirtUnavailable("libvirt cannot limit the network bandwidth of machines on this host ("
                        + message + "): the kernel needs the sch_htb, sch_sfq and act_police modules, or set"
                        + " hypervisor.resources.networkInboundKiBps and networkOutboundKiBps to 0", e);
            }
            throw e;
        }
    }

    /**
     * A machine defined earlier gets the current definition (guest filter, resource limits) before it starts:
     * the same UUID, so libvirt replaces it. A running machine keeps its other settings until its next start,
     * but a missing guest filter is put on its interfaces at once, since without it the guest is not isolated.
     */
    private Domain redefined(Connect c, Domain domain, String xml, String name, Machine machine)
            throws LibvirtException {
        try {
            String withUuid = xml.replaceFirst("</name>\n", "</name>\n  <uuid>" + domain.getUUIDString() + "</uuid>\n");
            if (domain.isActive() != 0 && settings.firewall().enabled()) {
                refilter(domain, machine.address());
            }
            Domain updated = c.domainDefineXML(withUuid);
            free(domain);
            return updated;
        } catch (LibvirtException | RuntimeException e) {
            free(domain);
            throw e;
        }
    }

    @Override
    public Set<SiteName> isolate(Map<SiteName, Ipv4Address> addresses) {
        addresses.values().forEach(this::checkAddress);
        if (!settings.firewall().enabled() || addresses.isEmpty()) {
            return Set.of();
        }
        return libvirt.call("keep the guest filter on " + addresses.size() + " running machines", c -> {
            ensureFilter(c);
            Set<SiteName> fixed = new HashSet<>();
            for (Map.Entry<SiteName, Ipv4Address> entry : addresses.entrySet()) {
                Optional<Domain> found = domain(c, Naming.domain(entry.getKey()));
                if (found.isEmpty()) {
                    continue;
                }
                try {
                    if (found.get().isActive() != 0 && refilter(found.get(), entry.getValue())) {
                        fixed.add(entry.getKey());
                    }
                } finally {
                    free(found.get());
                }
            }
            return fixed;
        });
    }

    /** Puts the guest filter back on each interface of a running machine that lacks it; true when one did. */
    private boolean refilter(Domain domain, Ipv4Address address) throws LibvirtException {
        List<String> updates = FilterAttachment.interfacesToUpdate(domain.getXMLDesc(0), settings.filterName(),
                address.toString());
        for (String iface : updates) {
            domain.updateDeviceFlags(iface, AFFECT_LIVE);
        }
        if (!updates.isEmpty()) {
            String name = domain.getName();
            LOG.warning(() -> "put the guest network filter " + settings.filterName() + " back on running machine "
                    + name);
        }
        return !updates.isEmpty();
    }

    @Override
    public MachineState state(SiteName site) {
        return libvirt.call("read the state of the machine of site " + site, c -> {
            Optional<Domain> found = domain(c, Naming.domain(site));
            if (found.isEmpty()) {
                return MachineState.ABSENT;
            }
            try {
                return running(found.get()) ? MachineState.RUNNING : MachineState.STOPPED;
            } finally {
                free(found.get());
            }
        });
    }

    @Override
    public void destroy(SiteName site) {
        String name = Naming.domain(site);
        libvirt.call("remove the machine of site " + site, c -> {
            Optional<Domain> found = domain(c, name);
            if (found.isPresent()) {
                Domain domain = found.get();
                try {
                    if (domain.isActive() != 0) {
                        stop(domain);
                    }
                    domain.undefine(UNDEFINE_FLAGS);
                    LOG.info(() -> "removed machine " + name);
                } catch (LibvirtException e) {
                    if (!is(e, ErrorNumber.VIR_ERR_NO_DOMAIN)) {
                        throw e;
                    }
                } finally {
                    free(domain);
                }
            }
            Optional<StoragePool> pool = pool(c);
            if (pool.isPresent()) {
                try {
                    deleteVolume(pool.get(), Naming.volume(site));
                } finally {
                    free(pool.get());
                }
            }
            return null;
        });
        if (localHost) {
            deleteFile(settings.consoleLogDir().resolve(Naming.consoleLog(site)));
            if (settings.guest() instanceof LibvirtSettings.Guest.CloudImage cloud) {
                deleteFile(cloud.seedDir().resolve(Naming.seedImage(site)));
            }
        }
    }

    @Override
    public List<SiteName> machines() {
        return libvirt.call("list the machines", c -> {
            List<String> names = new ArrayList<>(List.of(c.listDefinedDomains()));
            for (int id : c.listDomains()) {
                try {
                    Domain domain = c.domainLookupByID(id);
                    names.add(domain.getName());
                    free(domain);
                } catch (LibvirtException e) {
                    if (!is(e, ErrorNumber.VIR_ERR_NO_DOMAIN)) { // it stopped between listing and looking
                        throw e;
                    }
                }
            }
            TreeSet<String> ours = new TreeSet<>();
            for (String name : names) {
                Naming.site(name).ifPresent(site -> ours.add(site.value()));
            }
            return ours.stream().map(SiteName::of).toList();
        });
    }

    // ---- guest network filter --------------------------------------------------------------------------

    /**
     * Defines the guests' network filter, or defines it again when the configuration changed it (libvirt then
     * applies the new rules to every running guest at once). Without libvirt's nwfilter driver guests would be
     * unfiltered, so that is refused unless the firewall is switched off.
     */
    private void ensureFilter(Connect c) throws LibvirtException {
        GuestFirewall firewall = settings.firewall();
        if (!firewall.enabled()) {
            return;
        }
        String name = settings.filterName();
        Optional<NetworkFilter> existing;
        try {
            existing = filter(c, name);
        } catch (LibvirtException e) {
            if (is(e, ErrorNumber.VIR_ERR_NO_SUPPORT)) {
                throw new LibvirtUnavailable("libvirt at " + settings.uri() + " has no network filter driver"
                        + " (nwfilter), so guests could not be kept from the host and private networks. Run a"
                        + " libvirtd with its nwfilter driver (Debian: libvirt-daemon-system with ebtables and"
                        + " iptables installed), or, for tests only, set hypervisor.firewall.enabled to false.", e);
            }
            throw e;
        }
        if (existing.isEmpty()) {
            free(c.networkFilterDefineXML(NetworkFilterXml.render(name, firewall, subnet)));
            LOG.info(() -> "defined guest network filter " + name + " (outbound tcp " + firewall.outboundTcpPorts()
                    + ", udp " + firewall.outboundUdpPorts() + ")");
            return;
        }
        NetworkFilter filter = existing.get();
        try {
            String before = filter.getXMLDesc();
            String wanted = NetworkFilterXml.render(name, filter.getUUIDString(), firewall, subnet);
            NetworkFilter defined = c.networkFilterDefineXML(wanted); // unchanged rules: libvirt leaves it be
            try {
                if (!before.equals(defined.getXMLDesc())) {
                    LOG.info(() -> "guest network filter " + name + " differed from the configuration and was"
                            + " defined anew; running guests follow at once");
                }
            } finally {
                free(defined);
            }
        } finally {
            free(filter);
        }
    }

    // By the list rather than by the lookup's error: libvirt-java 0.5.2 does not know nwfilter error codes.
    private static Optional<NetworkFilter> filter(Connect c, String name) throws LibvirtException {
        if (!List.of(c.listNetworkFilters()).contains(name)) {
            return Optional.empty();
        }
        return Optional.of(c.networkFilterLookupByName(name));
    }

    // ---- network and pool ------------------------------------------------------------------------------

    private Network activeNetwork(Connect c) throws LibvirtException {
        Optional<Network> found = network(c);
        Network network = found.isPresent() && keepNetwork(c, found.get()) ? found.get() : defineNetwork(c);
        if (network.isActive() == 0) {
            network.create();
            LOG.info(() -> "started network " + settings.networkName());
        }
        if (network.isPersistent() != 0 && !network.getAutostart()) {
            network.setAutostart(true);
        }
        return network;
    }

    /**
     * True if the existing network is as configured. If it is not, removes it when it is ours (it carries our
     * mark) and no machine uses it, so that it is defined anew; otherwise refuses, naming what differs.
     */
    private boolean keepNetwork(Connect c, Network network) throws LibvirtException {
        String name = settings.networkName();
        boolean keep = false;
        try {
            String xml = network.getXMLDesc(0);
            List<Difference> drift = ResourceDrift.network(xml, settings.bridgeName(), subnet);
            if (drift.isEmpty()) {
                keep = true;
                return true;
            }
            String bridge = Xml.value(Xml.parse(xml), "/network/bridge/@name");
            List<String> users = domainsUsing(c, domain -> ResourceUsers.usesNetwork(domain, name, bridge));
            List<String> obstacles = new ArrayList<>();
            if (!ResourceDrift.definedByUs(xml)) {
                obstacles.add("it was not defined by Nestbox");
            }
            if (!users.isEmpty()) {
                obstacles.add("it is used by " + count(users, "machine"));
            }
            if (!obstacles.isEmpty()) {
                throw refusal("network", name, drift, obstacles,
                        (users.isEmpty() ? "if nothing else needs it, " : "once no machine uses it, ")
                                + "remove it with '" + virsh("net-destroy", name) + "; " + virsh("net-undefine", name)
                                + "'");
            }
            boolean persistent = network.isPersistent() != 0;
            if (network.isActive() != 0) {
                network.destroy();
            }
            if (persistent) {
                network.undefine();
            }
            LOG.info(() -> "network " + name + " differed from the configuration and nothing used it, so it is"
                    + " defined anew: " + changes(drift));
            return false;
        } finally {
            if (!keep) {
                free(network);
            }
        }
    }

    private Network defineNetwork(Connect c) throws LibvirtException {
        Network network =
                c.networkDefineXML(ResourceXml.network(settings.networkName(), settings.bridgeName(), subnet));
        LOG.info(() -> "defined network " + settings.networkName() + " (" + subnet + ", bridge "
                + settings.bridgeName() + ")");
        return network;
    }

    private Optional<Network> network(Connect c) throws LibvirtException {
        try {
            return Optional.of(c.networkLookupByName(settings.networkName()));
        } catch (LibvirtException e) {
            if (is(e, ErrorNumber.VIR_ERR_NO_NETWORK)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private StoragePool activePool(Connect c) throws LibvirtException {
        Optional<StoragePool> found = pool(c);
        StoragePool pool = found.isPresent() && keepPool(c, found.get()) ? found.get() : definePool(c);
        if (pool.isActive() == 0) {
            pool.create(0);
            LOG.info(() -> "started storage pool " + settings.poolName());
        }
        if (pool.isPersistent() != 0 && !pool.getAutostart()) {
            pool.setAutostart(1);
        }
        return pool;
    }

    /**
     * True if the existing pool is as configured. If it is not, removes it when it holds no volume and no
     * machine uses it (pools carry no mark of ours, and their files stay where they are), so that it is defined
     * anew; otherwise refuses, naming what differs.
     */
    private boolean keepPool(Connect c, StoragePool pool) throws LibvirtException {
        String name = settings.poolName();
        boolean keep = false;
        try {
            List<Difference> drift = ResourceDrift.pool(pool.getXMLDesc(0), settings.poolPath());
            if (drift.isEmpty()) {
                keep = true;
                return true;
            }
            List<String> obstacles = poolContents(c, pool);
            if (!obstacles.isEmpty()) {
                throw refusal("storage pool", name, drift, obstacles, "move its volumes to " + settings.poolPath()
                        + " (once no machine uses them), remove it with '" + virsh("pool-destroy", name) + "; "
                        + virsh("pool-undefine", name) + "'");
            }
            boolean persistent = pool.isPersistent() != 0;
            if (pool.isActive() != 0) {
                pool.destroy();
            }
            if (persistent) {
                pool.undefine();
            }
            LOG.info(() -> "storage pool " + name + " differed from the configuration and held nothing, so it is"
                    + " defined anew: " + changes(drift));
            return false;
        } finally {
            if (!keep) {
                free(pool);
            }
        }
    }

    /** What keeps the pool from being redefined: its volumes and the machines using it; empty if nothing. */
    private List<String> poolContents(Connect c, StoragePool pool) throws LibvirtException {
        if (pool.isActive() == 0) {
            try {
                pool.create(0); // only an active pool lists its volumes
            } catch (LibvirtException e) {
                return List.of("it cannot be started to see what it holds (" + LibvirtConnection.message(e) + ")");
            }
        }
        pool.refresh(0);
        List<String> volumes = List.of(pool.listVolumes());
        Set<String> paths = new HashSet<>();
        for (String volume : volumes) {
            StorageVol vol = pool.storageVolLookupByName(volume);
            try {
                paths.add(vol.getPath());
            } finally {
                free(vol);
            }
        }
        List<String> users = domainsUsing(c, domain -> ResourceUsers.usesPool(domain, settings.poolName(), paths));
        List<String> obstacles = new ArrayList<>();
        if (!volumes.isEmpty()) {
            obstacles.add("it holds " + count(volumes, "volume"));
        }
        if (!users.isEmpty()) {
            obstacles.add("it is used by " + count(users, "machine"));
        }
        return obstacles;
    }

    private StoragePool definePool(Connect c) throws LibvirtException {
        StoragePool pool =
                c.storagePoolDefineXML(ResourceXml.directoryPool(settings.poolName(), settings.poolPath()), 0);
        try {
            pool.build(0);
        } catch (LibvirtException e) {
            if (!is(e, ErrorNumber.VIR_ERR_NO_SUPPORT)) {
                throw e;
            }
        }
        LOG.info(() -> "defined storage pool " + settings.poolName() + " at " + settings.poolPath());
        return pool;
    }

    private LibvirtUnavailable refusal(String kind, String name, List<Difference> drift, List<String> obstacles,
                                       String fix) {
        return new LibvirtUnavailable("libvirt " + kind + " '" + name + "' differs from the configuration: "
                + drift.stream().map(Difference::describe).collect(Collectors.joining("; "))
                + ". Nestbox does not define it anew, because " + String.join(" and ", obstacles)
                + ". Either change the configuration to match it, or " + fix
                + " and start Nestbox again to define it from the configuration.");
    }

    private String virsh(String command, String name) {
        return "virsh -c " + settings.uri() + " " + command + " " + name;
    }

    private static String changes(List<Difference> drift) {
        return drift.stream().map(Difference::change).collect(Collectors.joining("; "));
    }

    /** "2 machines (nestbox-a, nestbox-b)" */
    private static String count(List<String> names, String noun) {
        return names.size() + " " + noun + (names.size() == 1 ? "" : "s") + " (" + String.join(", ", names) + ")";
    }

    private Optional<StoragePool> pool(Connect c) throws LibvirtException {
        try {
            return Optional.of(c.storagePoolLookupByName(settings.poolName()));
        } catch (LibvirtException e) {
            if (is(e, ErrorNumber.VIR_ERR_NO_STORAGE_POOL)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static Optional<StorageVol> volume(StoragePool pool, String name) throws LibvirtException {
        try {
            return Optional.of(pool.storageVolLookupByName(name));
        } catch (LibvirtException e) {
            if (is(e, ErrorNumber.VIR_ERR_NO_STORAGE_VOL)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static void deleteVolume(StoragePool pool, String name) throws LibvirtException {
        if (pool.isActive() == 0) {
            pool.create(0);
        }
        pool.refresh(0);
        Optional<StorageVol> volume = volume(pool, name);
        if (volume.isPresent()) {
            try {
                volume.get().delete(0);
                LOG.info(() -> "deleted disk " + name);
            } finally {
                free(volume.get());
            }
        }
    }

    private String volumeXml(String volume) {
        if (settings.guest() instanceof LibvirtSettings.Guest.CloudImage cloud) {
            long mib = settings.diskMib();
            if (localHost) {
                requireFile(cloud.baseImage(), "the cloud image (setting cloudImage)",
                        "download a qcow2 cloud image of your distribution there");
                // An overlay smaller than its base is refused by qemu-img; grow it to the base's size.
                mib = Math.max(mib, Qcow2.virtualSizeMib(cloud.baseImage()));
            }
            return ResourceXml.overlayVolume(volume, mib, cloud.baseImage());
        }
        return ResourceXml.emptyVolume(volume, settings.diskMib());
    }

    // ---- domains --------------------------------------------------------------------------------------

    private static Optional<Domain> domain(Connect c, String name) throws LibvirtException {
        try {
            return Optional.of(c.domainLookupByName(name));
        } catch (LibvirtException e) {
            if (is(e, ErrorNumber.VIR_ERR_NO_DOMAIN)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Names of the domains, running or not, whose XML {@code uses} says yes to. */
    private static List<String> domainsUsing(Connect c, Predicate<String> uses) throws LibvirtException {
        List<Domain> domains = new ArrayList<>();
        for (String name : c.listDefinedDomains()) {
            domain(c, name).ifPresent(domains::add);
        }
        for (int id : c.listDomains()) {
            try {
                domains.add(c.domainLookupByID(id));
            } catch (LibvirtException e) {
                if (!is(e, ErrorNumber.VIR_ERR_NO_DOMAIN)) { // it stopped between listing and looking
                    throw e;
                }
            }
        }
        TreeSet<String> users = new TreeSet<>();
        try {
            for (Domain domain : domains) {
                try {
                    if (uses.test(domain.getXMLDesc(0))) {
                        users.add(domain.getName());
                    }
                } catch (LibvirtException e) {
                    if (!is(e, ErrorNumber.VIR_ERR_NO_DOMAIN)) { // it was undefined between listing and looking
                        throw e;
                    }
                }
            }
        } finally {
            domains.forEach(LibvirtHypervisor::free);
        }
        return List.copyOf(users);
    }

    private static boolean running(Domain domain) throws LibvirtException {
        if (domain.isActive() == 0) {
            return false;
        }
        DomainInfo.DomainState state = domain.getInfo().state;
        return state == DomainInfo.DomainState.VIR_DOMAIN_RUNNING
                || state == DomainInfo.DomainState.VIR_DOMAIN_BLOCKED;
    }

    private static void stop(Domain domain) throws LibvirtException {
        try {
            domain.destroy();
        } catch (LibvirtException e) {
            // "domain is not running": it stopped on its own between our look and our act
            if (!is(e, ErrorNumber.VIR_ERR_OPERATION_INVALID)) {
                throw e;
            }
        }
    }

    // ---- files on this host ---------------------------------------------------------------------------

    private void ensureLocalDirectories() {
        if (!localHost) {
            return;
        }
        createDirectory(settings.consoleLogDir(), "console log directory (setting consoleLogDir)");
        if (settings.guest() instanceof LibvirtSettings.Guest.CloudImage cloud) {
            createDirectory(cloud.seedDir(), "cloud-init seed directory (setting seedDir)");
        }
    }

    private void ensureGuestFiles(Machine machine) {
        if (!localHost) {
            return;
        }
        LibvirtSettings.Guest guest = settings.guest();
        if (guest instanceof LibvirtSettings.Guest.Builtin builtin) {
            String fix = "build the guest image with 'guest/build " + builtin.imagesDir() + "'";
            requireFile(builtin.kernel(), "the guest kernel", fix);
            requireFile(builtin.initrd(), "the guest initramfs", fix);
        } else if (guest instanceof LibvirtSettings.Guest.CloudImage cloud) {
            requireFile(cloud.baseImage(), "the cloud image (setting cloudImage)",
                    "download a qcow2 cloud image of your distribution there");
            Path seed = cloud.seedDir().resolve(Naming.seedImage(machine.site()));
            if (!Files.isRegularFile(seed)) {
                SeedImage.write(CloudInitSeed.of(machine, subnet), seed);
                LOG.info(() -> "wrote cloud-init seed " + seed);
            }
        }
    }

    /**
     * The console log is ours (the server's user) and emptied before every start, so it shows this boot only and
     * the server can read the host key the guest prints there. A log virtlogd made earlier (root's, 0600) is
     * replaced.
     */
    private void prepareConsoleLog(SiteName site) {
        if (!localHost) {
            return;
        }
        Path log = settings.consoleLogDir().resolve(Naming.consoleLog(site));
        try {
            if (Files.exists(log, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    && (Files.isSymbolicLink(log) || !Files.isReadable(log) || !Files.isWritable(log))) {
                Files.delete(log);
                LOG.info(() -> "replaced console log " + log + ", which the server could not read");
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

    private static void requireFile(Path file, String what, String fix) {
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

    // ---- helpers --------------------------------------------------------------------------------------

    /** A machine this hypervisor cannot place is refused before libvirt is asked for anything. */
    private void check(Machine machine) {
        Objects.requireNonNull(machine, "machine");
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

    static boolean is(LibvirtException e, ErrorNumber code) {
        return e.getError() != null && e.getError().getCode() == code;
    }

    static boolean isLocal(String uri) {
        try {
            String host = URI.create(uri).getHost();
            return host == null || host.isEmpty() || host.equals("localhost");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Releases libvirt's handle now instead of in a finaliser on the GC's thread. */
    private static void free(Object handle) {
        try {
            if (handle instanceof Domain d) {
                d.free();
            } else if (handle instanceof Network n) {
                n.free();
            } else if (handle instanceof StoragePool p) {
                p.free();
            } else if (handle instanceof StorageVol v) {
                v.free();
            } else if (handle instanceof NetworkFilter f) {
                f.free();
            }
        } catch (LibvirtException | RuntimeException ignored) {
            // freeing a handle cannot fail in a way that matters to the caller
        }
    }
}
