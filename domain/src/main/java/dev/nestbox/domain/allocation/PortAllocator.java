package dev.nestbox.domain.allocation;

import java.util.Set;
import java.util.function.IntPredicate;
import java.util.random.RandomGenerator;

/**
 * Picks a random free SSH port in a range. Random, so ports do not reveal how many sites exist; deterministic
 * under a seeded random source, so it is testable.
 */
public final class PortAllocator {
    private final int first;
    private final int last;
    private final Set<Integer> excluded;

    public PortAllocator(int first, int last, Set<Integer> excluded) {
        if (first < 1 || last > 65535 || first > last) {
            throw new IllegalArgumentException("port range must be within 1-65535 and not empty: " + first + "-" + last);
        }
        this.first = first;
        this.last = last;
        this.excluded = Set.copyOf(excluded);
    }

    /**
     * A port that {@code taken} does not claim and that is not excluded. Starts at a random point of the range
     * and walks it once, so the answer is {@link PortAllocation.Exhausted} only when every port was looked at.
     */
    public PortAllocation allocate(IntPredicate taken, RandomGenerator random) {
        int size = last - first + 1;
        int start = random.nextInt(size);
        for (int i = 0; i < size; i++) {
            int port = first + (start + i) % size;
            if (!excluded.contains(port) && !taken.test(port)) {
                return new PortAllocation.Allocated(port);
            }
        }
        return new PortAllocation.Exhausted("no free port left in " + first + "-" + last);
    }

    public boolean inRange(int port) {
        return port >= first && port <= last && !excluded.contains(port);
    }
}
