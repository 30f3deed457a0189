package dev.nestbox.domain.allocation;

import dev.nestbox.domain.hosting.Ipv4Address;

import java.util.function.Predicate;

/** Hands out guest addresses of a subnet, lowest free first, skipping network, gateway and broadcast. */
public final class AddressAllocator {
    private final Ipv4Subnet subnet;

    public AddressAllocator(Ipv4Subnet subnet) {
        this.subnet = subnet;
    }

    public AddressAllocation allocate(Predicate<Ipv4Address> taken) {
        Ipv4Address candidate = subnet.gateway().plus(1);
        for (int i = 0; i < subnet.guestCapacity(); i++, candidate = candidate.plus(1)) {
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
