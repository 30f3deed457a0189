package dev.nestbox.domain.allocation;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortAllocatorTest {

    private static int allocated(PortAllocation allocation) {
        assertThat(allocation).isInstanceOf(PortAllocation.Allocated.class);
        return ((PortAllocation.Allocated) allocation).port();
    }

    @Test
    void the_same_seed_gives_the_same_ports() {
        PortAllocator allocator = new PortAllocator(20000, 29999, Set.of());
        RandomGenerator first = new SplittableRandom(7);
        RandomGenerator second = new SplittableRandom(7);

        for (int i = 0; i < 20; i++) {
            assertThat(allocated(allocator.allocate(p -> false, first))).isEqualTo(allocated(allocator.allocate(p -> false, second)));
        }
    }

    @Test
    void ports_are_spread_over_the_range_rather_than_counted_up() {
        PortAllocator allocator = new PortAllocator(20000, 29999, Set.of());
        RandomGenerator random = new SplittableRandom(1);
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            ports.add(allocated(allocator.allocate(p -> false, random)));
        }

        assertThat(ports).hasSizeGreaterThan(45).allSatisfy(p -> assertThat(p).isBetween(20000, 29999));
        assertThat(ports).anySatisfy(p -> assertThat(p).isGreaterThan(25000)).anySatisfy(p -> assertThat(p).isLessThan(25000));
    }

    @Test
    void never_hands_out_a_taken_or_excluded_port() {
        PortAllocator allocator = new PortAllocator(2200, 2209, Set.of(2201, 2203, 2205));
        Set<Integer> taken = new HashSet<>(Set.of(2200, 2202, 2204, 2206));
        RandomGenerator random = new SplittableRandom(99);

        Set<Integer> handedOut = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            int port = allocated(allocator.allocate(taken::contains, random));
            handedOut.add(port);
            taken.add(port);
        }

        assertThat(handedOut).containsExactlyInAnyOrder(2207, 2208, 2209);
        assertThat(allocator.allocate(taken::contains, random))
                .isEqualTo(new PortAllocation.Exhausted("no free port left in 2200-2209"));
    }

    @Test
    void the_last_free_port_is_found_from_any_starting_point() {
        PortAllocator allocator = new PortAllocator(1, 100, Set.of());
        for (long seed = 0; seed < 50; seed++) {
            assertThat(allocated(allocator.allocate(p -> p != 1, new SplittableRandom(seed)))).isEqualTo(1);
            assertThat(allocated(allocator.allocate(p -> p != 100, new SplittableRandom(seed)))).isEqualTo(100);
        }
    }

    @Test
    void a_range_of_only_excluded_ports_is_exhausted() {
        PortAllocator allocator = new PortAllocator(22, 22, Set.of(22));

        assertThat(allocator.allocate(p -> false, new SplittableRandom(1))).isInstanceOf(PortAllocation.Exhausted.class);
    }

    @Test
    void in_range_means_inside_and_not_excluded() {
        PortAllocator allocator = new PortAllocator(2200, 2299, Set.of(2222));

        assertThat(allocator.inRange(2200)).isTrue();
        assertThat(allocator.inRange(2299)).isTrue();
        assertThat(allocator.inRange(2222)).isFalse();
        assertThat(allocator.inRange(2199)).isFalse();
        assertThat(allocator.inRange(2300)).isFalse();
    }

    @Test
    void the_range_must_be_sane() {
        assertThatThrownBy(() -> new PortAllocator(0, 10, Set.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PortAllocator(10, 65536, Set.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PortAllocator(2000, 1999, Set.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(new PortAllocator(1, 65535, Set.of()).inRange(65535)).isTrue();
    }
}
