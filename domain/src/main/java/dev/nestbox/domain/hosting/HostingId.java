package dev.nestbox.domain.hosting;

public record HostingId(long value) {
    public HostingId {
        if (value <= 0) {
            throw new IllegalArgumentException("hosting id must be positive: " + value);
        }
    }
}
