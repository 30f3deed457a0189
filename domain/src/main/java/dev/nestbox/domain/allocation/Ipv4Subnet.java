package dev.nestbox.domain.allocation;

import dev.nestbox.domain.InvalidValueException;
import dev.nestbox.domain.hosting.Ipv4Address;

/** An IPv4 network in CIDR form. The first usable address is the gateway (the host's bridge). */
public record Ipv4Subnet(Ipv4Address network, int prefix) {

    public Ipv4Subnet {
        if (prefix < 8 || prefix > 30) {
            throw new InvalidValueException("subnet", "subnet prefix must be between /8 and /30");
        }
        if ((network.bits() & ~mask(prefix)) != 0) {
            throw new InvalidValueException("subnet", "subnet address has host bits set: " + network + "/" + prefix);
        }
    }

    public static Ipv4Subnet parse(String cidr) {
        InvalidValueException.required("subnet", cidr);
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new InvalidValueException("subnet", "subnet must be in CIDR form, like 10.88.0.0/24");
        }
        String digits = cidr.substring(slash + 1);
        // Only plain digits: parseInt alone would also take "+24" and "024".
        if (!digits.matches("[1-9][0-9]?")) {
            throw new InvalidValueException("subnet", "subnet must be in CIDR form, like 10.88.0.0/24");
        }
        int prefix = Integer.parseInt(digits);
        return new Ipv4Subnet(Ipv4Address.parse(cidr.substring(0, slash)), prefix);
    }

    public Ipv4Address gateway() {
        return network.plus(1);
    }

    public Ipv4Address broadcast() {
        return new Ipv4Address(network.bits() | ~mask(prefix));
    }

    public Ipv4Address netmask() {
        return new Ipv4Address(mask(prefix));
    }

    public boolean contains(Ipv4Address address) {
        return (address.bits() & mask(prefix)) == network.bits();
    }

    /** Whether a guest may hold {@code address}: one of ours, but not the network, gateway or broadcast address. */
    public boolean isGuestAddress(Ipv4Address address) {
        return contains(address) && !address.equals(network) && !address.equals(gateway())
                && !address.equals(broadcast());
    }

    /** How many addresses {@link #isGuestAddress} accepts. */
    public int guestCapacity() {
        return (1 << (32 - prefix)) - 3;
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    @Override
    public String toString() {
        return network + "/" + prefix;
    }
}
