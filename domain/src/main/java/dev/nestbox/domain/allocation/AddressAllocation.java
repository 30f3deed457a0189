package dev.nestbox.domain.allocation;

import dev.nestbox.domain.hosting.Ipv4Address;

public sealed interface AddressAllocation {
    record Allocated(Ipv4Address address) implements AddressAllocation {
    }

    record Exhausted(String reason) implements AddressAllocation {
    }
}
