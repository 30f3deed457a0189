package dev.nestbox.adapters.libvirt;

import dev.nestbox.domain.allocation.Ipv4Subnet;
import dev.nestbox.domain.hosting.Ipv4Address;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How an existing libvirt network or storage pool differs from the one {@link ResourceXml} defines for our
 * configuration. Only what matters to the machines is compared, not libvirt's own additions (uuid, mac, stp).
 */
final class ResourceDrift {
    private ResourceDrift() {
    }

    /** One item that differs: what it is, what libvirt has, what we need, and why we need it. */
    record Difference(String item, String actual, String wanted, String why) {
        /** For a person fixing it: "bridge is virbr9 but should be nbbr0 (setting bridge)". */
        String describe() {
            return item + " is " + actual + " but should be " + wanted + " (" + why + ")";
        }

        /** For the log after a redefinition: "bridge virbr9 -> nbbr0". */
        String change() {
            return item + " " + actual + " -> " + wanted;
        }
    }

    static List<Difference> network(String xml, String bridge, Ipv4Subnet subnet) {
        Document doc = Xml.parse(xml);
        List<Difference> found = new ArrayList<>();
        compare(found, "subnet", ipv4Subnets(doc), subnet(subnet.network(), subnet.prefix(), subnet.gateway()),
                "setting subnet");
        compare(found, "bridge", orNone(Xml.value(doc, "/network/bridge/@name")), bridge, "setting bridge");
        compare(found, "forward mode", forwardMode(doc), "nat", "guests reach the outside through NAT");
        compare(found, "port isolation", "yes".equals(Xml.value(doc, "/network/port/@isolated")) ? "on" : "off",
                "on", "one tenant's machine must not reach another's");
        compare(found, "DHCP", dhcp(doc), "off", "guests have the static addresses Nestbox allocates");
        return found;
    }

    static List<Difference> pool(String xml, Path path) {
        Document doc = Xml.parse(xml);
        List<Difference> found = new ArrayList<>();
        compare(found, "type", orNone(Xml.value(doc, "/pool/@type")), "dir",
                "Nestbox keeps the disks as files in a directory");
        String target = Xml.value(doc, "/pool/target/path");
        compare(found, "path", target.isEmpty() ? "none" : Path.of(target).normalize().toString(),
                path.normalize().toString(), "setting poolPath");
        return found;
    }

    /** Whether the network carries the mark {@link ResourceXml#network} puts in the networks we define. */
    static boolean definedByUs(String networkXml) {
        return Xml.parse(networkXml)
                .getElementsByTagNameNS(ResourceXml.OWNER_NAMESPACE, ResourceXml.OWNER_ELEMENT).getLength() > 0;
    }

    private static void compare(List<Difference> found, String item, String actual, String wanted, String why) {
        if (!actual.equals(wanted)) {
            found.add(new Difference(item, actual, wanted, why));
        }
    }

    /** Every IPv4 address of the network as its subnet and host address; a NAT network has exactly one. */
    private static String ipv4Subnets(Document doc) {
        List<String> subnets = new ArrayList<>();
        for (Element ip : Xml.elements(doc, "/network/ip[not(@family) or @family='ipv4']")) {
            String address = ip.getAttribute("address");
            String netmask = ip.getAttribute("netmask");
            String prefix = ip.getAttribute("prefix");
            try {
                Ipv4Address host = Ipv4Address.parse(address);
                int bits = !netmask.isEmpty() ? Integer.bitCount(Ipv4Address.parse(netmask).bits())
                        : Integer.parseInt(prefix);
                int mask = bits == 0 ? 0 : -1 << (32 - bits);
                subnets.add(subnet(new Ipv4Address(host.bits() & mask), bits, host));
            } catch (RuntimeException unreadable) { // no prefix, or not the dotted quads libvirt writes
                subnets.add("address '" + address + "' netmask '" + netmask + "' prefix '" + prefix + "'");
            }
        }
        return subnets.isEmpty() ? "none" : String.join(" and ", subnets);
    }

    private static String subnet(Ipv4Address network, int prefix, Ipv4Address host) {
        return network + "/" + prefix + " with host address " + host;
    }

    /** No forward element is an isolated network; one without a mode is NAT, libvirt's default. */
    private static String forwardMode(Document doc) {
        if (Xml.elements(doc, "/network/forward").isEmpty()) {
            return "none (isolated)";
        }
        String mode = Xml.value(doc, "/network/forward/@mode");
        return mode.isEmpty() ? "nat" : mode;
    }

    private static String dhcp(Document doc) {
        if (Xml.elements(doc, "/network/ip/dhcp").isEmpty()) {
            return "off";
        }
        String ranges = Xml.elements(doc, "/network/ip/dhcp/range").stream()
                .map(range -> range.getAttribute("start") + "-" + range.getAttribute("end"))
                .collect(Collectors.joining(", "));
        return ranges.isEmpty() ? "on" : "on (range " + ranges + ")";
    }

    private static String orNone(String value) {
        return value.isEmpty() ? "none" : value;
    }
}
