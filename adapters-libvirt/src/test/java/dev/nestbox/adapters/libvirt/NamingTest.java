package dev.nestbox.adapters.libvirt;

import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.SiteName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NamingTest {
    @Test
    void only_prefixed_valid_site_names_are_ours() {
        assertThat(Naming.site("nestbox-alice")).contains(SiteName.of("alice"));
        assertThat(Naming.site("alice")).isEmpty();
        assertThat(Naming.site("nestbox-")).isEmpty();
        assertThat(Naming.site("nestbox-Not_A_Site")).isEmpty();
        assertThat(Naming.site("nestbox-admin")).as("reserved word").isEmpty();
        assertThat(Naming.domain(SiteName.of("alice"))).isEqualTo("nestbox-alice");
    }

    @Test
    void mac_follows_from_the_address_and_differs_between_addresses() {
        assertThat(Naming.mac(Ipv4Address.parse("10.88.0.2"))).isEqualTo("52:54:00:58:00:02");
        assertThat(Naming.mac(Ipv4Address.parse("10.88.1.255"))).isEqualTo("52:54:00:58:01:ff");
        assertThat(Naming.mac(Ipv4Address.parse("192.168.200.17"))).isEqualTo("52:54:00:a8:c8:11");
    }
}
