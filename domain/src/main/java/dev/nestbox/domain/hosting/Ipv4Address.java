package dev.nestbox.domain.hosting;

import dev.nestbox.domain.InvalidValueException;

/** A dotted-quad IPv4 address, kept as its 32-bit value. */
public record Ipv4Address(int bits) implements Comparable<Ipv4Address> {

    public static Ipv4Address parse(String text) {
        InvalidValueException.required("address", text);
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new InvalidValueException("address", "not an IPv4 address: " + text);
        }
        int bits = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (part.length() > 1 && part.charAt(0) == '0')) {
                throw new InvalidValueException("address", "not an IPv4 address: " + text);
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new InvalidValueException("address", "not an IPv4 address: " + text);
            }
            bits = (bits << 8) | octet;
        }
        return new Ipv4Address(bits);
    }

    public Ipv4Address plus(int offset) {
        return new Ipv4Address(bits + offset);
    }

    @Override
    public int compareTo(Ipv4Address other) {
        return Integer.compareUnsigned(bits, other.bits);
    }

    @Override
    public String toString() {
        return ((bits >>> 24) & 0xff) + "." + ((bits >>> 16) & 0xff) + "." + ((bits >>> 8) & 0xff) + "." + (bits & 0xff);
    }
}
