package dev.nestbox.adapters.libvirt;

import dev.nestbox.adapters.libvirt.ResourceDrift.Difference;
import dev.nestbox.domain.allocation.Ipv4Subnet;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResourceDriftTest {
    static final Ipv4Subnet SUBNET = Ipv4Subnet.parse("10.88.0.0/24");

    /** What libvirt 9.0's net-dumpxml shows for the network {@link ResourceXml#network} defines. */
    static final String OURS_AS_LIBVIRT_SHOWS_IT = """
            <network>
              <name>nestbox</name>
              <uuid>903c5ced-4cc0-4fec-a08c-f230061446a9</uuid>
              <metadata>
                <nestbox:defined-by-nestbox xmlns:nestbox="https://nestbox.dev/xmlns/libvirt/1"/>
              </metadata>
              <forward mode='nat'/>
              <bridge name='nbbr0' stp='on' delay='0'/>
              <port isolated='yes'/>
              <ip address='10.88.0.1' netmask='255.255.255.0'>
              </ip>
            </network>
            """;

    /** libvirt's own default network, as net-dumpxml shows it. */
    static final String LIBVIRT_DEFAULT = """
            <network>
              <name>default</name>
              <uuid>dd8fe884-6c02-601e-7551-cca97df1c5df</uuid>
              <forward mode='nat'/>
              <bridge name='virbr0' stp='on' delay='0'/>
              <ip address='192.168.122.1' netmask='255.255.255.0'>
                <dhcp>
                  <range start='192.168.122.2' end='192.168.122.254'/>
                </dhcp>
              </ip>
            </network>
            """;

    @Test
    void the_network_we_define_matches_its_configuration_as_written_and_as_libvirt_shows_it() {
        assertThat(ResourceDrift.network(ResourceXml.network("nestbox", "nbbr0", SUBNET), "nbbr0", SUBNET)).isEmpty();
        assertThat(ResourceDrift.network(OURS_AS_LIBVIRT_SHOWS_IT, "nbbr0", SUBNET)).isEmpty();
    }

    @Test
    void a_prefix_instead_of_a_netmask_and_a_forward_without_mode_are_the_same_network() {
        String xml = """
                <network>
                  <name>nestbox</name>
                  <forward/>
                  <bridge name='nbbr0' stp='off'/>
                  <port isolated='yes'/>
                  <ip family='ipv4' address='10.88.0.1' prefix='24'/>
                  <ip family='ipv6' address='fd00::1' prefix='64'/>
                </network>
                """;

        assertThat(ResourceDrift.network(xml, "nbbr0", SUBNET)).isEmpty();
    }

    @Test
    void every_differing_item_is_named_with_both_values() {
        assertThat(ResourceDrift.network(LIBVIRT_DEFAULT, "nbbr0", SUBNET)).containsExactly(
                new Difference("subnet", "192.168.122.0/24 with host address 192.168.122.1",
                        "10.88.0.0/24 with host address 10.88.0.1", "setting subnet"),
                new Difference("bridge", "virbr0", "nbbr0", "setting bridge"),
                new Difference("port isolation", "off", "on", "one tenant's machine must not reach another's"),
                new Difference("DHCP", "on (range 192.168.122.2-192.168.122.254)", "off",
                        "guests have the static addresses Nestbox allocates"));
    }

    @Test
    void another_prefix_another_host_address_or_a_second_address_differ() {
        assertThat(ResourceDrift.network(OURS_AS_LIBVIRT_SHOWS_IT.replace("255.255.255.0", "255.255.0.0"),
                "nbbr0", SUBNET)).extracting(Difference::actual)
                .containsExactly("10.88.0.0/16 with host address 10.88.0.1");
        assertThat(ResourceDrift.network(OURS_AS_LIBVIRT_SHOWS_IT.replace("10.88.0.1", "10.88.0.254"),
                "nbbr0", SUBNET)).extracting(Difference::actual)
                .containsExactly("10.88.0.0/24 with host address 10.88.0.254");
        assertThat(ResourceDrift.network(OURS_AS_LIBVIRT_SHOWS_IT.replace("</network>",
                "<ip address='10.99.0.1' prefix='24'/></network>"), "nbbr0", SUBNET)).extracting(Difference::actual)
                .containsExactly("10.88.0.0/24 with host address 10.88.0.1 and 10.99.0.0/24 with host address 10.99.0.1");
    }

    @Test
    void routed_isolated_or_addressless_networks_differ() {
        assertThat(ResourceDrift.network(OURS_AS_LIBVIRT_SHOWS_IT.replace("mode='nat'", "mode='route'"),
                "nbbr0", SUBNET)).extracting(Difference::describe).containsExactly(
                "forward mode is route but should be nat (guests reach the outside through NAT)");
        assertThat(ResourceDrift.network(OURS_AS_LIBVIRT_SHOWS_IT.replace("<forward mode='nat'/>", ""),
                "nbbr0", SUBNET)).extracting(Difference::change).containsExactly("forward mode none (isolated) -> nat");
        assertThat(ResourceDrift.network("<network><name>n</name></network>", "nbbr0", SUBNET))
                .extracting(Difference::item)
                .containsExactly("subnet", "bridge", "forward mode", "port isolation");
    }

    @Test
    void only_the_networks_we_define_carry_our_mark() {
        assertThat(ResourceDrift.definedByUs(ResourceXml.network("nestbox", "nbbr0", SUBNET))).isTrue();
        assertThat(ResourceDrift.definedByUs(OURS_AS_LIBVIRT_SHOWS_IT)).isTrue();
        assertThat(ResourceDrift.definedByUs(LIBVIRT_DEFAULT)).isFalse();
        assertThat(ResourceDrift.definedByUs("""
                <network><name>n</name><metadata><other:defined-by-nestbox xmlns:other="https://example.com/x"/>
                </metadata><description>https://nestbox.dev/xmlns/libvirt/1</description></network>
                """)).as("same element name in another namespace, our namespace as mere text").isFalse();
    }

    @Test
    void the_pool_we_define_matches_and_a_pool_elsewhere_or_of_another_type_differs() {
        Path disks = Path.of("/var/lib/nestbox/disks");
        String shown = """
                <pool type='dir'>
                  <name>nestbox</name>
                  <uuid>6a5dd1a0-3f0a-4b1c-9e2f-2d1b8c0a1e11</uuid>
                  <capacity unit='bytes'>107374182400</capacity>
                  <source>
                  </source>
                  <target>
                    <path>/var/lib/nestbox/disks/</path>
                    <permissions>
                      <mode>0711</mode>
                    </permissions>
                  </target>
                </pool>
                """;

        assertThat(ResourceDrift.pool(ResourceXml.directoryPool("nestbox", disks), disks)).isEmpty();
        assertThat(ResourceDrift.pool(shown, disks)).as("a trailing slash is the same directory").isEmpty();
        assertThat(ResourceDrift.pool(shown, Path.of("/srv/disks"))).extracting(Difference::describe)
                .containsExactly("path is /var/lib/nestbox/disks but should be /srv/disks (setting poolPath)");
        assertThat(ResourceDrift.pool(shown.replace("type='dir'", "type='fs'"), disks))
                .extracting(Difference::change).containsExactly("type fs -> dir");
    }

    @Test
    void xml_with_a_doctype_is_refused_rather_than_expanded() {
        String withEntity = "<!DOCTYPE network [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
                + "<network><name>&x;</name></network>";

        assertThatThrownBy(() -> ResourceDrift.network(withEntity, "nbbr0", SUBNET))
                .isInstanceOf(LibvirtUnavailable.class).hasMessageContaining("cannot be read");
    }
}
