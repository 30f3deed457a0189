package dev.nestbox.adapters.libvirt;

import dev.nestbox.adapters.libvirt.ResourceDrift.Difference;
import dev.nestbox.domain.allocation.Ipv4Subnet;
import org.libvirt.Connect;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.Network;
import org.libvirt.NetworkFilter;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static dev.nestbox.adapters.libvirt.DriftRefusal.changes;
import static dev.nestbox.adapters.libvirt.DriftRefusal.count;
import static dev.nestbox.adapters.libvirt.DriftRefusal.refusal;
import static dev.nestbox.adapters.libvirt.Handles.free;
import static dev.nestbox.adapters.libvirt.Handles.is;

/** The guests' network and their network filter, kept as configured or refused when they cannot be. */
final class HostNetwork {
    private static final Logger LOG = LoggerFactory.getLogger(HostNetwork.class);

    private final LibvirtSettings settings;
    private final Ipv4Subnet subnet;

    HostNetwork(LibvirtSettings settings) {
        this.settings = settings;
        this.subnet = settings.subnet();
    }

    /**
     * Defines the guests' network filter, or defines it again when the configuration changed it (libvirt then
     * applies the new rules to every running guest at once). Without libvirt's nwfilter driver guests would be
     * unfiltered, so that is refused unless the firewall is switched off.
     */
    void ensureFilter(Connect c) throws LibvirtException {
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
            LOG.info("defined guest network filter {} (outbound tcp {}, udp {})",
                    name, firewall.outboundTcpPorts(), firewall.outboundUdpPorts());
            return;
        }
        NetworkFilter filter = existing.get();
        try {
            String before = filter.getXMLDesc();
            String wanted = NetworkFilterXml.render(name, filter.getUUIDString(), firewall, subnet);
            NetworkFilter defined = c.networkFilterDefineXML(wanted); // unchanged rules: libvirt leaves it be
            try {
                if (!before.equals(defined.getXMLDesc())) {
                    LOG.info("guest network filter {} differed from the configuration and was defined anew; running "
                            + "guests follow at once", name);
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

    /** The network as configured, defined and started if need be; the caller frees it. */
    Network active(Connect c) throws LibvirtException {
        Optional<Network> found = network(c);
        Network network = found.isPresent() && keepNetwork(c, found.get()) ? found.get() : defineNetwork(c);
        if (network.isActive() == 0) {
            network.create();
            LOG.info("started network {}", settings.networkName());
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
            List<String> users =
                    Handles.domainsUsing(c, domain -> ResourceUsers.usesNetwork(domain, name, bridge));
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
            LOG.info("network {} differed from the configuration and nothing used it, so it is defined anew: {}",
                    name, changes(drift));
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
        LOG.info("defined network {} ({}, bridge {})", settings.networkName(), subnet, settings.bridgeName());
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

    private String virsh(String command, String name) {
        return DriftRefusal.virsh(settings.uri(), command, name);
    }
}
