package dev.nestbox.domain.allocation;

import dev.nestbox.domain.hosting.Ipv4Address;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AddressAllocatorTest {

    private static Ipv4Address ip(String text) {
        return Ipv4Address.parse(text);
    }

    @Test
    void the_lowest_free_address_after_the_gateway_comes_first() {
        AddressAllocator allocator = new AddressAllocator(Ipv4Subnet.parse("10.88.0.0/24"));

        assertThat(allocator.allocate(a -> false)).isEqualTo(new AddressAllocation.Allocated(ip("10.88.0.2")));
        assertThat(allocator.allocate(Set.of(ip("10.88.0.2"), ip("10.88.0.3"))::contains))
                .isEqualTo(new AddressAllocation.Allocated(ip("10.88.0.4")));
        assertThat(allocator.allocate(Set.of(ip("10.88.0.2"), ip("10.88.0.4"))::contains))
                .as("a freed address is reused").isEqualTo(new AddressAllocation.Allocated(ip("10.88.0.3")));
        assertThat(allocator.subnet()).isEqualTo(Ipv4Subnet.parse("10.88.0.0/24"));
    }

    @Test
    void hands_out_every_guest_address_but_never_network_gateway_or_broadcast() {
        AddressAllocator allocator = new AddressAllocator(Ipv4Subnet.parse("10.88.0.0/28"));
        Set<Ipv4Address> taken = new HashSet<>();

        for (int i = 0; i < 13; i++) {
            AddressAllocation allocation = allocator.allocate(taken::contains);
            assertThat(allocation).isInstanceOf(AddressAllocation.Allocated.class);
            taken.add(((AddressAllocation.Allocated) allocation).address());
        }

        assertThat(taken).doesNotContain(ip("10.88.0.0"), ip("10.88.0.1"), ip("10.88.0.15"))
                .contains(ip("10.88.0.2"), ip("10.88.0.14"));
        assertThat(allocator.allocate(taken::contains))
                .isEqualTo(new AddressAllocation.Exhausted("no free guest address left in 10.88.0.0/28"));
    }

    @Test
    void the_smallest_subnet_has_one_guest_address() {
        AddressAllocator allocator = new AddressAllocator(Ipv4Subnet.parse("192.168.5.4/30"));

        assertThat(allocator.allocate(a -> false)).isEqualTo(new AddressAllocation.Allocated(ip("192.168.5.6")));
        assertThat(allocator.allocate(ip("192.168.5.6")::equals)).isInstanceOf(AddressAllocation.Exhausted.class);
    }

    @Test
    void a_random_start_spreads_concurrent_requests_and_still_finds_the_last_free_address() {
        AddressAllocator allocator = new AddressAllocator(Ipv4Subnet.parse("10.88.0.0/24"));
        java.util.Set<Ipv4Address> picked = new java.util.HashSet<>();
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int i = 0; i < 20; i++) {
            picked.add(((AddressAllocation.Allocated) allocator.allocate(a -> false, random)).address());
        }
        org.assertj.core.api.Assertions.assertThat(picked).hasSizeGreaterThan(15);
        Ipv4Address last = Ipv4Address.parse("10.88.0.200");
        AddressAllocation only = allocator.allocate(a -> !a.equals(last), new java.util.SplittableRandom(1));
        org.assertj.core.api.Assertions.assertThat(only).isEqualTo(new AddressAllocation.Allocated(last));
        org.assertj.core.api.Assertions.assertThat(allocator.allocate(a -> true, random))
                .isInstanceOf(AddressAllocation.Exhausted.class);
    }
}
