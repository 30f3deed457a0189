package dev.nestbox.adapters.libvirt;

import dev.nestbox.domain.allocation.Ipv4Subnet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworkFilterXmlTest {
    static final Ipv4Subnet SUBNET = Ipv4Subnet.parse("10.88.0.0/24");

    @TempDir
    Path dir;

    @Test
    void the_default_filter_is_valid_libvirt_xml() {
        String xml = NetworkFilterXml.render("nestbox-guest", GuestFirewall.defaults(), SUBNET);

        HostTool.assertValidLibvirtXml(dir, "filter.xml", xml, "nwfilter");
        HostTool.assertValidLibvirtXml(dir, "filter-uuid.xml", NetworkFilterXml.render("nestbox-guest",
                "36d241fd-b752-43f9-9284-f6dd44f9b98e", GuestFirewall.defaults(), SUBNET), "nwfilter");
        assertThat(xml).startsWith("<filter name='nestbox-guest' chain='root'>\n").doesNotContain("<uuid>");
    }

    @Test
    void binds_the_interface_to_its_mac_and_ip_and_lets_only_ipv4_and_arp_through() {
        String xml = NetworkFilterXml.render("nestbox-guest", GuestFirewall.defaults(), SUBNET);

        assertThat(xml)
                .contains("<rule action='drop' direction='out' priority='-950'><mac match='no' srcmacaddr='$MAC'/>")
                .contains("<rule action='drop' direction='out' priority='-940'><ip match='no' srcipaddr='$IP'/>")
                .contains("<arp match='no' arpsrcmacaddr='$MAC'/>")
                .contains("<arp match='no' arpsrcipaddr='$IP'/>")
                .contains("<rule action='accept' direction='inout' priority='-880'><mac protocolid='ipv4'/>")
                .contains("<rule action='drop' direction='inout' priority='-870'><mac/></rule>");
    }

    @Test
    void the_host_reaches_the_inbound_ports_and_the_guest_only_allowed_public_ports() {
        String xml = NetworkFilterXml.render("nestbox-guest", GuestFirewall.defaults(), SUBNET);

        assertThat(xml)
                .contains("direction='in' priority='100'><tcp srcipaddr='10.88.0.1' dstportstart='22'/>")
                .contains("direction='in' priority='101'><tcp srcipaddr='10.88.0.1' dstportstart='80'/>")
                .contains("<udp dstipaddr='10.88.0.1' dstportstart='53'/>")
                .contains("<tcp dstipaddr='10.88.0.1' dstportstart='53'/>")
                .contains("<rule action='drop' direction='out' priority='201'>"
                        + "<all dstipaddr='10.0.0.0' dstipmask='8'/>")
                .contains("<all dstipaddr='169.254.0.0' dstipmask='16'/>")
                .contains("<all dstipaddr='100.64.0.0' dstipmask='10'/>")
                .contains("<all dstipaddr='172.16.0.0' dstipmask='12'/>")
                .contains("<all dstipaddr='192.168.0.0' dstipmask='16'/>")
                .contains("<all dstipaddr='224.0.0.0' dstipmask='4'/>")
                .contains("<all dstipaddr='10.88.0.0' dstipmask='24'/>") // the guests' own subnet, always
                .contains("<rule action='accept' direction='out' priority='400'><tcp dstportstart='53'/>")
                .contains("<tcp dstportstart='80'/>")
                .contains("<tcp dstportstart='443'/>")
                .contains("<udp dstportstart='53'/>")
                .doesNotContain("dstportstart='25'")
                .endsWith("  <rule action='drop' direction='inout' priority='1000'><all/></rule>\n</filter>\n");
        // drops of private destinations come before every accept towards the outside
        assertThat(xml.indexOf("dstipmask='8'")).isLessThan(xml.indexOf("<tcp dstportstart='443'/>"));
    }

    @Test
    void ports_networks_and_the_gateway_dns_follow_the_configuration() {
        GuestFirewall firewall = new GuestFirewall(true, false, List.of(443, 25), List.of(123), List.of(2222),
                List.of("203.0.113.7/32"));

        String xml = NetworkFilterXml.render("nb-guest", firewall, Ipv4Subnet.parse("10.66.0.0/16"));

        HostTool.assertValidLibvirtXml(dir, "custom.xml", xml, "nwfilter");
        assertThat(xml)
                .contains("<tcp dstportstart='25'/>").contains("<tcp dstportstart='443'/>")
                .contains("<udp dstportstart='123'/>")
                .contains("<tcp srcipaddr='10.66.0.1' dstportstart='2222'/>")
                .contains("<all dstipaddr='203.0.113.7' dstipmask='32'/>")
                .contains("<all dstipaddr='10.66.0.0' dstipmask='16'/>")
                .doesNotContain("dstipaddr='10.66.0.1' dstportstart='53'")
                .doesNotContain("dstipmask='8'");
    }

    @Test
    void the_reference_passes_the_guests_address() {
        assertThat(NetworkFilterXml.reference("nestbox-guest", "10.88.0.2"))
                .isEqualTo("      <filterref filter='nestbox-guest'>\n"
                        + "        <parameter name='IP' value='10.88.0.2'/>\n"
                        + "      </filterref>\n");
    }

    @Test
    void settings_refuse_nonsense() {
        assertThatThrownBy(() -> new GuestFirewall(true, true, List.of(0), List.of(), List.of(22), List.of()))
                .hasMessageContaining("outboundTcpPorts");
        assertThatThrownBy(() -> new GuestFirewall(true, true, List.of(), List.of(), List.of(), List.of("10.0.0.1/8")))
                .hasMessageContaining("10.0.0.1/8");
        assertThatThrownBy(() -> new GuestFirewall(true, true, List.of(), List.of(), List.of(), List.of("10.0.0.0")))
                .hasMessageContaining("CIDR");
        assertThatThrownBy(() -> new GuestFirewall(true, true, List.of(), List.of(), List.of(), List.of("1.2.3.0/33")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new GuestFirewall(true, true, List.of(443, 80, 443), List.of(), List.of(), List.of())
                .outboundTcpPorts()).containsExactly(80, 443);
    }
}
