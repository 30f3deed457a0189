package dev.nestbox.domain.plan;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a hosting's machine is: the plan's name, the image it boots and its size. A hosting records its plan as it
 * was when the hosting was made, so changing or removing a plan in the configuration never resizes or re-images a
 * site that exists.
 *
 * @param name      {@code [a-z][a-z0-9-]{0,31}}, like {@code micro} or {@code debian-12}
 * @param image     the guest image its machines boot, same shape as a name
 * @param memoryMib the machine's memory, counted against the host's memory budget
 * @param vcpus     virtual CPUs
 * @param diskMib   the size of the site's disk
 */
public record Plan(String name, String image, int memoryMib, int vcpus, int diskMib) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    public static final int MIN_MEMORY_MIB = 64;
    public static final int MIN_DISK_MIB = 64;

    public Plan {
        requireName("plan name", name);
        requireName("image name", image);
        if (memoryMib < MIN_MEMORY_MIB) {
            throw new IllegalArgumentException("plan " + name + ": memory must be at least " + MIN_MEMORY_MIB
                    + " MiB, not " + memoryMib);
        }
        if (vcpus < 1 || vcpus > 64) {
            throw new IllegalArgumentException("plan " + name + ": vcpus must be 1 to 64, not " + vcpus);
        }
        if (diskMib < MIN_DISK_MIB) {
            throw new IllegalArgumentException("plan " + name + ": disk must be at least " + MIN_DISK_MIB
                    + " MiB, not " + diskMib);
        }
    }

    /** Whether {@code word} could name a plan or an image; says nothing about whether one is configured. */
    public static boolean isName(String word) {
        return word != null && NAME.matcher(word).matches();
    }

    private static void requireName(String what, String value) {
        Objects.requireNonNull(value, what);
        if (!isName(value)) {
            throw new IllegalArgumentException(what + " must be a lower-case letter followed by at most 31 lower-case"
                    + " letters, digits or dashes: '" + value + "'");
        }
    }
}
