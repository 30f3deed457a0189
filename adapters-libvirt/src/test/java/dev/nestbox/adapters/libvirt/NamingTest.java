package dev.nestbox.adapters.libvirt;

import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.SiteName;
import org.junit.jupiter.api.Test;

import java.util.Optional;

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

    private static Optional<Naming.Owner> owner(String site, Long hosting) {
        return Optional.of(new Naming.Owner(SiteName.of(site), Optional.ofNullable(hosting).map(HostingId::new)));
    }

    @Test
    void disks_and_seeds_carry_the_hosting_id_after_a_dot_no_site_name_can_hold() {
        assertThat(Naming.volume(SiteName.of("alice-2"), new HostingId(7))).isEqualTo("alice-2.7.qcow2");
        assertThat(Naming.seedImage(SiteName.of("alice-2"), new HostingId(7))).isEqualTo("alice-2.7-cidata.iso");

        assertThat(Naming.volumeOwner("alice-2.7.qcow2")).isEqualTo(owner("alice-2", 7L));
        assertThat(Naming.seedOwner("alice-2.7-cidata.iso")).isEqualTo(owner("alice-2", 7L));
    }

    @Test
    void names_from_before_ids_read_as_the_site_alone_never_as_a_site_and_an_id() {
        assertThat(Naming.volumeOwner("alice-2.qcow2")).isEqualTo(owner("alice-2", null));
        assertThat(Naming.seedOwner("alice-2-cidata.iso")).isEqualTo(owner("alice-2", null));
        assertThat(Naming.legacyVolume(SiteName.of("bob"))).isEqualTo("bob.qcow2");
    }

    @Test
    void what_is_not_named_as_ours_has_no_owner() {
        assertThat(Naming.volumeOwner("debian-12-genericcloud.raw")).isEmpty();
        assertThat(Naming.volumeOwner("Not A Site.qcow2")).isEmpty();
        assertThat(Naming.volumeOwner("alice.0.qcow2")).as("no hosting 0").isEmpty();
        assertThat(Naming.volumeOwner("alice.99999999999999999999.qcow2")).isEmpty();
        assertThat(Naming.seedOwner("notes.txt")).isEmpty();
    }
}
