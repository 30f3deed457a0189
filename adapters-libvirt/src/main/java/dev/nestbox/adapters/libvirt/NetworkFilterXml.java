package dev.nestbox.adapters.libvirt;

import dev.nestbox.domain.allocation.Ipv4Subnet;

import java.util.ArrayList;
import java.util.List;

/**
 * The libvirt network filter (nwfilter) every guest interface references, with the guest's address as its
 * {@code IP} parameter ({@code MAC} is the interface's own). libvirt instantiates it on the host for each
 * interface when the machine starts (and again after a libvirtd restart), so the guest cannot change it.
 *
 * <p>Layer 2 (ebtables): frames only from the interface's MAC, IPv4 only from the guest's address, ARP only
 * about itself, and nothing but IPv4 and ARP at all (no IPv6, no other protocols). Layer 3 (iptables, with
 * connection tracking): the host may open TCP connections to the inbound ports and the guest may answer; the
 * guest may open connections to the allowed ports of public addresses only (its replies to the host ride on
 * connection tracking, so they never need a rule to the host); everything else is dropped.
 */
final class NetworkFilterXml {
    /** Parameter the domain's {@code <filterref>} passes: the guest's one IPv4 address. */
    static final String IP_PARAMETER = "IP";
    private static final int MAX_RULES_PER_GROUP = 150;

    private NetworkFilterXml() {
    }

    /** Name of the filter of a network: one per network, so two installations on one host do not collide. */
    static String name(String networkName) {
        return networkName + "-guest";
    }

    static String render(String name, GuestFirewall firewall, Ipv4Subnet subnet) {
        return render(name, null, firewall, subnet);
    }

    /** With {@code uuid}, the definition replaces the existing filter of that name (libvirt demands the same). */
    static String render(String name, String uuid, GuestFirewall firewall, Ipv4Subnet subnet) {
        List<String> blocked = new ArrayList<>(firewall.blockedNetworks());
        String own = subnet.toString();
        if (!blocked.contains(own)) {
            blocked.add(own);
        }
        List<Integer> tcpOut = firewall.outboundTcpPorts();
        List<Integer> udpOut = firewall.outboundUdpPorts();
        List<Integer> tcpIn = firewall.inboundTcpPorts();
        requireFew("blockedNetworks", blocked.size());
        requireFew("outbound ports", tcpOut.size() + udpOut.size() + 1);
        requireFew("inboundTcpPorts", tcpIn.size());

        StringBuilder xml = new StringBuilder();
        xml.append("<filter name='").append(Xml.text(name)).append("' chain='root'>\n");
        if (uuid != null) {
            xml.append("  <uuid>").append(Xml.text(uuid)).append("</uuid>\n");
        }
        // ---- layer 2: the interface is bound to its MAC and IP address
        xml.append(rule("drop", "out", -950, "<mac match='no' srcmacaddr='$MAC'/>"));
        xml.append(rule("drop", "out", -940, "<ip match='no' srcipaddr='$" + IP_PARAMETER + "'/>"));
        xml.append(rule("drop", "out", -930, "<arp match='no' arpsrcmacaddr='$MAC'/>"));
        xml.append(rule("drop", "out", -920, "<arp match='no' arpsrcipaddr='$" + IP_PARAMETER + "'/>"));
        xml.append(rule("accept", "inout", -900, "<mac protocolid='arp'/>"));
        xml.append(rule("drop", "in", -890, "<ip match='no' dstipaddr='$" + IP_PARAMETER + "'/>"));
        xml.append(rule("accept", "inout", -880, "<mac protocolid='ipv4'/>"));
        xml.append(rule("drop", "inout", -870, "<mac/>"));
        // ---- layer 3: connections the host opens to the guest (libvirt adds the reverse ESTABLISHED rule)
        int priority = 100;
        for (int port : tcpIn) {
            xml.append(rule("accept", "in", priority++,
                    "<tcp srcipaddr='" + subnet.gateway() + "' dstportstart='" + port + "'/>"));
        }
        // ---- the network's DNS server, if the guest is given it
        if (firewall.gatewayDns()) {
            xml.append(rule("accept", "out", 150,
                    "<udp dstipaddr='" + subnet.gateway() + "' dstportstart='53'/>"));
            xml.append(rule("accept", "out", 151,
                    "<tcp dstipaddr='" + subnet.gateway() + "' dstportstart='53'/>"));
        }
        // ---- no new connection from the guest to anything but the public Internet
        priority = 200;
        for (String cidr : blocked) {
            GuestFirewall.Cidr network = GuestFirewall.Cidr.parse(cidr);
            xml.append(rule("drop", "out", priority++,
                    "<all dstipaddr='" + network.network() + "' dstipmask='" + network.prefix() + "'/>"));
        }
        // ---- and there only to the allowed ports
        priority = 400;
        for (int port : tcpOut) {
            xml.append(rule("accept", "out", priority++, "<tcp dstportstart='" + port + "'/>"));
        }
        for (int port : udpOut) {
            xml.append(rule("accept", "out", priority++, "<udp dstportstart='" + port + "'/>"));
        }
        xml.append(rule("accept", "out", priority, "<icmp type='8'/>")); // ping, for the tenant's diagnostics
        xml.append(rule("drop", "inout", 1000, "<all/>"));
        xml.append("</filter>\n");
        return xml.toString();
    }

    /** The {@code <filterref>} of a guest's interface. */
    static String reference(String name, String address) {
        return "      <filterref filter='" + Xml.text(name) + "'>\n"
                + "        <parameter name='" + IP_PARAMETER + "' value='" + Xml.text(address) + "'/>\n"
                + "      </filterref>\n";
    }

    private static String rule(String action, String direction, int priority, String match) {
        return "  <rule action='" + action + "' direction='" + direction + "' priority='" + priority + "'>"
                + match + "</rule>\n";
    }

    private static void requireFew(String what, int count) {
        if (count > MAX_RULES_PER_GROUP) {
            throw new IllegalArgumentException("too many " + what + " for one network filter: " + count
                    + " (at most " + MAX_RULES_PER_GROUP + ")");
        }
    }
}
