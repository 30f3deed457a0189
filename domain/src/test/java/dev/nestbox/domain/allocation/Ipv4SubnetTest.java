package dev.nestbox.domain.allocation;

import dev.nestbox.domain.InvalidValueException;
import dev.nestbox.domain.hosting.Ipv4Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Ipv4SubnetTest {

    @Test
    void parses_cidr_and_knows_its_gateway_broadcast_netmask_and_capacity() {
        Ipv4Subnet subnet = Ipv4Subnet.parse("10.88.0.0/24");

        assertThat(subnet.network()).isEqualTo(Ipv4Address.parse("10.88.0.0"));
        assertThat(subnet.prefix()).isEqualTo(24);
        assertThat(subnet.gateway()).isEqualTo(Ipv4Address.parse("10.88.0.1"));
        assertThat(subnet.broadcast()).isEqualTo(Ipv4Address.parse("10.88.0.255"));
        assertThat(subnet.netmask()).isEqualTo(Ipv4Address.parse("255.255.255.0"));
        assertThat(subnet.guestCapacity()).isEqualTo(253);
        assertThat(subnet.toString()).isEqualTo("10.88.0.0/24");
    }

    @Test
    void the_prefix_bounds_give_the_smallest_and_largest_subnets() {
        Ipv4Subnet smallest = Ipv4Subnet.parse("10.0.0.4/30");
        assertThat(smallest.guestCapacity()).isEqualTo(1);
        assertThat(smallest.broadcast()).isEqualTo(Ipv4Address.parse("10.0.0.7"));
        assertThat(smallest.netmask()).isEqualTo(Ipv4Address.parse("255.255.255.252"));

        Ipv4Subnet largest = Ipv4Subnet.parse("10.0.0.0/8");
        assertThat(largest.guestCapacity()).isEqualTo((1 << 24) - 3);
        assertThat(largest.broadcast()).isEqualTo(Ipv4Address.parse("10.255.255.255"));
        assertThat(Ipv4Subnet.parse("172.16.0.0/12").broadcast()).isEqualTo(Ipv4Address.parse("172.31.255.255"));
    }

    @Test
    void contains_only_its_own_addresses() {
        Ipv4Subnet subnet = Ipv4Subnet.parse("192.168.100.0/22");

        assertThat(subnet.contains(Ipv4Address.parse("192.168.100.0"))).isTrue();
        assertThat(subnet.contains(Ipv4Address.parse("192.168.103.255"))).isTrue();
        assertThat(subnet.contains(Ipv4Address.parse("192.168.104.0"))).isFalse();
        assertThat(subnet.contains(Ipv4Address.parse("192.168.99.255"))).isFalse();
        assertThat(Ipv4Subnet.parse("200.0.0.0/8").contains(Ipv4Address.parse("200.1.2.3"))).as("high bit set").isTrue();
    }

    @Test
    void guest_addresses_are_its_own_but_network_gateway_and_broadcast() {
        Ipv4Subnet subnet = Ipv4Subnet.parse("10.88.0.0/24");

        assertThat(subnet.isGuestAddress(Ipv4Address.parse("10.88.0.2"))).isTrue();
        assertThat(subnet.isGuestAddress(Ipv4Address.parse("10.88.0.254"))).isTrue();
        assertThat(subnet.isGuestAddress(Ipv4Address.parse("10.88.0.0"))).as("network").isFalse();
        assertThat(subnet.isGuestAddress(Ipv4Address.parse("10.88.0.1"))).as("gateway").isFalse();
        assertThat(subnet.isGuestAddress(Ipv4Address.parse("10.88.0.255"))).as("broadcast").isFalse();
        assertThat(subnet.isGuestAddress(Ipv4Address.parse("10.88.1.2"))).as("another subnet").isFalse();
        assertThat(subnet.isGuestAddress(Ipv4Address.parse("10.87.255.254"))).as("another subnet").isFalse();
    }

    @Test
    void every_guest_address_is_counted_in_the_capacity() {
        Ipv4Subnet subnet = Ipv4Subnet.parse("10.0.0.8/29");
        int guests = 0;
        for (int i = 0; i < 8; i++) {
            if (subnet.isGuestAddress(subnet.network().plus(i))) {
                guests++;
            }
        }

        assertThat(guests).isEqualTo(subnet.guestCapacity()).isEqualTo(5);
        assertThat(Ipv4Subnet.parse("10.0.0.4/30").isGuestAddress(Ipv4Address.parse("10.0.0.6"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.88.0.0", "10.88.0.0/", "10.88.0.0/abc", "10.88.0.0/+24", "10.88.0.0/024", "10.88.0.0/ 24",
            "10.88.0.0/24/1", "/24", "10.88.0/24", "10.88.0.0/7", "10.88.0.0/31", "10.88.0.0/32", "10.88.0.0/0",
            "10.88.0.0/-8", "10.88.0.1/24", "10.88.1.0/16"})
    void anything_but_a_network_address_with_a_prefix_of_8_to_30_is_refused(String cidr) {
        assertThatThrownBy(() -> Ipv4Subnet.parse(cidr))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isIn("subnet", "address"));
    }

    @Test
    void host_bits_are_named_in_the_message() {
        assertThatThrownBy(() -> Ipv4Subnet.parse("10.88.0.1/24")).hasMessage("subnet address has host bits set: 10.88.0.1/24");
        assertThatThrownBy(() -> Ipv4Subnet.parse(null)).isInstanceOf(InvalidValueException.class);
    }
}
