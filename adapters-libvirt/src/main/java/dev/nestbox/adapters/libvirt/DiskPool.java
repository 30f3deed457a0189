package dev.nestbox.adapters.libvirt;

import dev.nestbox.adapters.libvirt.ResourceDrift.Difference;
import dev.nestbox.application.port.out.Hypervisor.ForeignLeftover;
import dev.nestbox.application.port.out.Hypervisor.Kind;
import dev.nestbox.application.port.out.Hypervisor.Resource;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.SiteName;
import org.libvirt.Connect;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static dev.nestbox.adapters.libvirt.DriftRefusal.changes;
import static dev.nestbox.adapters.libvirt.DriftRefusal.count;
import static dev.nestbox.adapters.libvirt.DriftRefusal.refusal;
import static dev.nestbox.adapters.libvirt.Handles.free;
import static dev.nestbox.adapters.libvirt.Handles.is;

/**
 * The directory pool the machines' disks live in, and the disks themselves, each named for its site and hosting
 * ({@link Naming#volume}).
 */
final class DiskPool {
    private static final Logger LOG = LoggerFactory.getLogger(DiskPool.class);

    private final LibvirtSettings settings;

    DiskPool(LibvirtSettings settings) {
        this.settings = settings;
    }

    /**
     * Creates the hosting's volume from {@code xml} unless it exists.
     *
     * @throws ForeignLeftover when a disk of the site's name belongs to another hosting, or records none
     * @throws DiskPoolFull     when the pool has no room for a new disk
     */
    void createVolume(Connect c, HostingId hosting, SiteName site, String xml) throws LibvirtException {
        String volume = Naming.volume(site, hosting);
        StoragePool pool = active(c);
        try {
            pool.refresh(0);
            for (Resource disk : volumes(pool)) {
                if (disk.site().equals(site) && !disk.ownedBy(hosting)) {
                    throw new ForeignLeftover(hosting, disk);
                }
            }
            Optional<StorageVol> existing = volume(pool, volume);
            if (existing.isPresent()) {
                free(existing.get());
                return;
            }
            DiskPoolFull.requireRoom(settings.poolName(), pool.getInfo().available);
            free(pool.storageVolCreateXML(xml, 0));
            LOG.info("created disk {} in pool {}", volume, settings.poolName());
        } finally {
            free(pool);
        }
    }

    /**
     * Deletes the hosting's volume of {@code site}, and the one named without an id (made before ids were recorded,
     * so the hosting that holds the site owns it), if the pool and they exist. Another hosting's stays.
     */
    void deleteVolumes(Connect c, HostingId hosting, SiteName site) throws LibvirtException {
        Optional<StoragePool> pool = find(c);
        if (pool.isPresent()) {
            try {
                deleteVolume(pool.get(), Naming.volume(site, hosting));
                deleteVolume(pool.get(), Naming.legacyVolume(site));
            } finally {
                free(pool.get());
            }
        }
    }

    /** The disks in our pool named as ours, each with the hosting its name records; none without a pool. */
    List<Resource> resources(Connect c) throws LibvirtException {
        Optional<StoragePool> pool = find(c);
        if (pool.isEmpty()) {
            return List.of();
        }
        try {
            if (pool.get().isActive() == 0) {
                pool.get().create(0); // only an active pool lists its volumes
            }
            pool.get().refresh(0);
            return volumes(pool.get());
        } finally {
            free(pool.get());
        }
    }

    private static List<Resource> volumes(StoragePool pool) throws LibvirtException {
        List<Resource> disks = new ArrayList<>();
        for (String name : pool.listVolumes()) {
            Naming.volumeOwner(name).ifPresent(owner ->
                    disks.add(new Resource(Kind.DISK, name, owner.site(), owner.hosting())));
        }
        return disks;
    }

    /** The pool as configured, defined and started if need be; the caller frees it. */
    StoragePool active(Connect c) throws LibvirtException {
        Optional<StoragePool> found = find(c);
        StoragePool pool = found.isPresent() && keepPool(c, found.get()) ? found.get() : definePool(c);
        if (pool.isActive() == 0) {
            pool.create(0);
            LOG.info("started storage pool {}", settings.poolName());
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
            LOG.info("storage pool {} differed from the configuration and held nothing, so it is defined anew: {}",
                    name, changes(drift));
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
        List<String> users =
                Handles.domainsUsing(c, domain -> ResourceUsers.usesPool(domain, settings.poolName(), paths));
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
        LOG.info("defined storage pool {} at {}", settings.poolName(), settings.poolPath());
        return pool;
    }

    private String virsh(String command, String name) {
        return DriftRefusal.virsh(settings.uri(), command, name);
    }

    private Optional<StoragePool> find(Connect c) throws LibvirtException {
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
                LOG.info("deleted disk {}", name);
            } finally {
                free(volume.get());
            }
        }
    }

    /**
     * The file the hosting's disk of {@code site} is an overlay on, as libvirt reads it from the disk
     * ({@code <backingStore><path>}); empty when the disk has none.
     *
     * @throws LibvirtUnavailable when the pool or the disk does not exist
     */
    Optional<Path> backingFile(Connect c, HostingId hosting, SiteName site) throws LibvirtException {
        String name = Naming.volume(site, hosting);
        StoragePool pool = active(c);
        try {
            Optional<StorageVol> volume = volume(pool, name);
            if (volume.isEmpty()) {
                pool.refresh(0);
                volume = volume(pool, name);
            }
            if (volume.isEmpty()) {
                throw new LibvirtUnavailable("the disk " + name + " of site " + site + " is not in pool "
                        + settings.poolName() + ": the machine cannot start before its disk is made");
            }
            try {
                return backingFile(volume.get().getXMLDesc(0));
            } finally {
                free(volume.get());
            }
        } finally {
            free(pool);
        }
    }

    /** The backing file a volume definition names, if any. */
    static Optional<Path> backingFile(String volumeXml) {
        String path = Xml.value(Xml.parse(volumeXml), "/volume/backingStore/path").strip();
        return path.isEmpty() ? Optional.empty() : Optional.of(Path.of(path));
    }
}
