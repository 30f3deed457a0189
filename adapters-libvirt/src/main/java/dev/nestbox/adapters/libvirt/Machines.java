package dev.nestbox.adapters.libvirt;

import dev.nestbox.application.port.out.Hypervisor.ForeignLeftover;
import dev.nestbox.application.port.out.Hypervisor.Kind;
import dev.nestbox.application.port.out.Hypervisor.Machine;
import dev.nestbox.application.port.out.Hypervisor.MachineState;
import dev.nestbox.application.port.out.Hypervisor.Resource;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.SiteName;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static dev.nestbox.adapters.libvirt.Handles.domain;
import static dev.nestbox.adapters.libvirt.Handles.free;
import static dev.nestbox.adapters.libvirt.Handles.is;

/**
 * The life of one machine's domain: defined, started, kept isolated, looked at, removed. A domain is a hosting's
 * when its metadata records that hosting's id; one of the same name recording another id, or none, is refused.
 */
final class Machines {
    private static final Logger LOG = LoggerFactory.getLogger(Machines.class);
    private static final int AFFECT_LIVE = 1; // VIR_DOMAIN_AFFECT_LIVE
    private static final int UNDEFINE_FLAGS =
            Domain.UndefineFlags.MANAGED_SAVE | Domain.UndefineFlags.SNAPSHOTS_METADATA;

    private final LibvirtSettings settings;
    private final HostFiles files;

    Machines(LibvirtSettings settings, HostFiles files) {
        this.settings = settings;
        this.files = files;
    }

    /**
     * Defines the machine from {@code xml} (again, if defined for this hosting), marks it to autostart and runs it.
     *
     * @throws ForeignLeftover when a domain of the site's name records another hosting, or none
     */
    void start(Connect c, Machine machine, String xml) throws LibvirtException {
        String name = Naming.domain(machine.site());
        Optional<Domain> existing = domain(c, name);
        Domain domain;
        if (existing.isPresent()) {
            Optional<HostingId> recorded;
            try {
                recorded = recordedHosting(existing.get());
            } catch (LibvirtException | RuntimeException e) {
                free(existing.get());
                throw e;
            }
            if (!recorded.equals(Optional.of(machine.hosting()))) {
                free(existing.get());
                Resource leftover = new Resource(Kind.MACHINE, name, machine.site(), recorded);
                throw new ForeignLeftover(machine.hosting(), leftover);
            }
            domain = redefined(c, existing.get(), xml, machine);
        } else {
            domain = c.domainDefineXML(xml);
            LOG.info("defined machine {}", name);
        }
        try {
            if (!domain.getAutostart()) {
                domain.setAutostart(true);
            }
            if (domain.isActive() == 0) {
                files.prepareConsoleLog(machine.site());
                create(domain);
                LOG.info("started machine {}", name);
            } else if (domain.getInfo().state == DomainInfo.DomainState.VIR_DOMAIN_PAUSED) {
                domain.resume();
                LOG.info("resumed machine {}", name);
            }
        } finally {
            free(domain);
        }
    }

    /** Starts a defined machine; a host that cannot enforce a configured limit is told which setting to change. */
    private static void create(Domain domain) throws LibvirtException {
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
    private Domain redefined(Connect c, Domain domain, String xml, Machine machine) throws LibvirtException {
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

    /** Puts the guest filter back on those running machines that lack it; answers their sites. */
    Set<SiteName> isolate(Connect c, Map<SiteName, Ipv4Address> addresses) throws LibvirtException {
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
            LOG.warn("put the guest network filter {} back on running machine {}", settings.filterName(), name);
        }
        return !updates.isEmpty();
    }

    MachineState state(Connect c, SiteName site) throws LibvirtException {
        Optional<Domain> found = domain(c, Naming.domain(site));
        if (found.isEmpty()) {
            return MachineState.ABSENT;
        }
        try {
            if (running(found.get())) {
                return MachineState.RUNNING;
            }
            return found.get().getInfo().state == DomainInfo.DomainState.VIR_DOMAIN_PAUSED
                    ? MachineState.PAUSED : MachineState.STOPPED;
        } finally {
            free(found.get());
        }
    }

    /**
     * Stops and undefines the machine of {@code site} if it records {@code hosting}, or no hosting at all (defined
     * before ids were recorded, so the hosting that holds the site owns it); what is already gone is fine. False
     * when another hosting's machine holds the name and was left alone.
     */
    boolean remove(Connect c, HostingId hosting, SiteName site) throws LibvirtException {
        String name = Naming.domain(site);
        Optional<Domain> found = domain(c, name);
        if (found.isEmpty()) {
            return true;
        }
        Domain domain = found.get();
        try {
            Optional<HostingId> recorded = recordedHosting(domain);
            if (recorded.isPresent() && !recorded.get().equals(hosting)) {
                LOG.warn("left machine {} alone: it was defined for hosting {}, not {}",
                        name, recorded.get().value(), hosting.value());
                return false;
            }
            if (domain.isActive() != 0) {
                stop(domain);
            }
            domain.undefine(UNDEFINE_FLAGS);
            LOG.info("removed machine {}", name);
            return true;
        } catch (LibvirtException e) {
            if (!is(e, ErrorNumber.VIR_ERR_NO_DOMAIN)) {
                throw e;
            }
            return true;
        } finally {
            free(domain);
        }
    }

    /** Our domains, running or not, each with the hosting its metadata records; {@code site} empty: all of them. */
    List<Resource> resources(Connect c, Optional<SiteName> site) throws LibvirtException {
        List<String> names = site.isPresent() ? List.of(Naming.domain(site.get())) : Handles.domainNames(c);
        List<Resource> found = new ArrayList<>();
        for (String name : names) {
            Optional<SiteName> named = Naming.site(name);
            if (named.isEmpty()) {
                continue;
            }
            Optional<Domain> domain = domain(c, name);
            if (domain.isEmpty()) {
                continue;
            }
            try {
                found.add(new Resource(Kind.MACHINE, name, named.get(), recordedHosting(domain.get())));
            } catch (LibvirtException e) {
                if (!is(e, ErrorNumber.VIR_ERR_NO_DOMAIN)) { // it was undefined between listing and looking
                    throw e;
                }
            } finally {
                free(domain.get());
            }
        }
        return found;
    }

    private static Optional<HostingId> recordedHosting(Domain domain) throws LibvirtException {
        return DomainXml.hosting(domain.getXMLDesc(0));
    }

    /** The sites of the domains named as ours, running or not, in order. */
    List<SiteName> list(Connect c) throws LibvirtException {
        TreeSet<String> ours = new TreeSet<>();
        for (String name : Handles.domainNames(c)) {
            Naming.site(name).ifPresent(site -> ours.add(site.value()));
        }
        return ours.stream().map(SiteName::of).toList();
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
}
