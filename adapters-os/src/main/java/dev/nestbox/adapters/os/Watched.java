package dev.nestbox.adapters.os;

import java.time.Duration;

/** How a watched command ended: it printed the line looked for, or it finished first. */
public sealed interface Watched {
    /** The line was printed {@code after} the start; the command was then stopped. */
    record LineSeen(String line, Duration after) implements Watched {
    }

    /** The command finished without printing the line. */
    record Ended(ProcessResult result) implements Watched {
    }
}
