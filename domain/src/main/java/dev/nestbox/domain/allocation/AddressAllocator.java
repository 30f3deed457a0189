package dev.nestbox.domain.allocation;

import dev.nestbox.domain.hosting.Ipv4Address;

import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/** Hands out guest addresses of a subnet, skipping network, gateway and broadcast. */
public final class AddressAllocator {
    private final Ipv4Subnet subnet;

    public AddressAllocator(Ipv4Subnet subnet) {
        this.subnet = subnet;
    }

    public AddressAllocation allocate(Predicate<Ipv4Address> taken) {
        return scanFrom(0, taken);
    }

    /**
     * A free address, looked for from a random point of the subnet: many requests at once then rarely pick the
     * same address, so few of them lose the race at the store's constraint and have to try again.
     */
    public AddressAllocation allocate(Predicate<Ipv4Address> taken, RandomGenerator random) {
        return scanFrom(random.nextInt(subnet.guestCapacity()), taken);
    }

    private AddressAllocation scanFrom(int start, Predicate<Ipv4Address> taken) {
        // Guest addresses are contiguous: from just after the gateway up to just before the broadcast address.
        Ipv4Address first = subnet.gateway().plus(1);
        int capacity = subnet.guestCapacity();
        for (int i = 0; i < capacity; i++) {
            Ipv4Address candidate = first.plus((start + i) % capacity);
            if (!taken.test(candidate)) {
                return new AddressAllocation.Allocated(candidate);
            }
        }
        return new AddressAllocation.Exhausted("no free guest address left in " + subnet);
    }

    public Ipv4Subnet subnet() {
        return subnet;
    }
}
