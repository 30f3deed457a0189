package dev.nestbox.adapters.libvirt;

import dev.nestbox.domain.allocation.Ipv4Subnet;
import dev.nestbox.domain.hosting.Ipv4Address;

import java.util.List;
import java.util.Objects;

/**
 * What a guest may send, enforced by the host (a libvirt network filter on the guest's interface), whatever the
 * guest itself does: new connections to the outside world only to the allowed ports, replies to connections the
 * host opens to the inbound ports, and nothing else; never to the host, private, link-local, shared (CGNAT),
 * multicast or reserved networks, or other guests. The interface is bound to its MAC and IP address.
 *
 * @param enabled          off only for drivers without network filters (libvirt's test driver)
 * @param gatewayDns       the guest may ask the network's own DNS server (libvirt's dnsmasq on the host's bridge
 *                         address, port 53) and is told to use it; the only service of the host a guest reaches
 * @param outboundTcpPorts TCP ports the guest may connect to on public addresses
 * @param outboundUdpPorts UDP ports the guest may send to on public addresses
 * @param inboundTcpPorts  TCP ports the host connects to on the guest (the proxy's HTTP and SSH targets)
 * @param blockedNetworks  destinations no new connection from a guest may reach, as CIDRs; the guests' own subnet
 *                         is always added
 */
public record GuestFirewall(boolean enabled, boolean gatewayDns, List<Integer> outboundTcpPorts, List<Integer> outboundUdpPorts,
                            List<Integer> inboundTcpPorts, List<String> blockedNetworks) {
    /** DNS, HTTP and HTTPS out; everything a site needs to fetch packages and call APIs. 25 (mail) stays closed. */
    public static final List<Integer> DEFAULT_OUTBOUND_TCP = List.of(53, 80, 443);
    public static final List<Integer> DEFAULT_OUTBOUND_UDP = List.of(53);
    public static final List<Integer> DEFAULT_INBOUND_TCP = List.of(22, 80);
    /**
     * Every destination that is not the public Internet: "this network", RFC 1918, CGNAT (RFC 6598), loopback,
     * link-local (cloud metadata 169.254.169.254 included), IETF protocol assignments, benchmarking, multicast,
     * reserved and broadcast.
     */
    public static final List<String> DEFAULT_BLOCKED_NETWORKS = List.of("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10",
            "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15",
            "224.0.0.0/4", "240.0.0.0/4");

    public GuestFirewall {
        outboundTcpPorts = ports("outboundTcpPorts", outboundTcpPorts);
        outboundUdpPorts = ports("outboundUdpPorts", outboundUdpPorts);
        inboundTcpPorts = ports("inboundTcpPorts", inboundTcpPorts);
        Objects.requireNonNull(blockedNetworks, "blockedNetworks");
        blockedNetworks.forEach(Cidr::parse);
        blockedNetworks = List.copyOf(blockedNetworks);
    }

    public static GuestFirewall defaults() {
        return new GuestFirewall(true, true, DEFAULT_OUTBOUND_TCP, DEFAULT_OUTBOUND_UDP, DEFAULT_INBOUND_TCP,
                DEFAULT_BLOCKED_NETWORKS);
    }

    public static GuestFirewall disabled() {
        return new GuestFirewall(false, true, DEFAULT_OUTBOUND_TCP, DEFAULT_OUTBOUND_UDP, DEFAULT_INBOUND_TCP,
                DEFAULT_BLOCKED_NETWORKS);
    }

    public GuestFirewall withOutboundTcpPorts(List<Integer> ports) {
        return new GuestFirewall(enabled, gatewayDns, ports, outboundUdpPorts, inboundTcpPorts, blockedNetworks);
    }

    public GuestFirewall withInboundTcpPorts(List<Integer> ports) {
        return new GuestFirewall(enabled, gatewayDns, outboundTcpPorts, outboundUdpPorts, ports, blockedNetworks);
    }

    /** An IPv4 network of any size, /0 to /32 (a single host), without host bits. */
    record Cidr(Ipv4Address network, int prefix) {
        static Cidr parse(String cidr) {
            String problem = "blockedNetworks: '" + cidr + "' is not an IPv4 network in CIDR form (like 10.0.0.0/8"
                    + " or 203.0.113.7/32)";
            if (cidr == null || !cidr.matches("[0-9.]+/(0|[1-9][0-9]?)")) {
                throw new IllegalArgumentException(problem);
            }
            int slash = cidr.indexOf('/');
            int prefix = Integer.parseInt(cidr.substring(slash + 1));
            Ipv4Address address;
            try {
                address = Ipv4Address.parse(cidr.substring(0, slash));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(problem, e);
            }
            int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
            if (prefix > 32 || (address.bits() & ~mask) != 0) {
                throw new IllegalArgumentException(problem + ": host bits set or prefix above 32");
            }
            return new Cidr(address, prefix);
        }

        static Cidr of(Ipv4Subnet subnet) {
            return new Cidr(subnet.network(), subnet.prefix());
        }

        @Override
        public String toString() {
            return network + "/" + prefix;
        }
    }

    private static List<Integer> ports(String field, List<Integer> ports) {
        Objects.requireNonNull(ports, field);
        for (Integer port : ports) {
            if (port == null || port < 1 || port > 65535) {
                throw new IllegalArgumentException(field + " must hold ports 1-65535, not " + port);
            }
        }
        return ports.stream().distinct().sorted().toList();
    }
}
