package dev.nestbox.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** How the console tells and shows time: in the operator's zone, to the second. */
final class ConsoleTime {
    static final String NONE = "—";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Clock clock;

    ConsoleTime(Clock clock) {
        this.clock = clock;
    }

    Instant now() {
        return clock.instant();
    }

    String timestamp(Instant instant) {
        return TIMESTAMP.format(instant.atZone(clock.getZone()));
    }

    String timestamp(Optional<Instant> instant) {
        return instant.map(this::timestamp).orElse(NONE);
    }

    /** For the table, where a column of seconds is noise. */
    String minutes(Instant instant) {
        return MINUTES.format(instant.atZone(clock.getZone()));
    }

    String time(Instant instant) {
        return TIME.format(instant.atZone(clock.getZone()));
    }

    /** "12 s ago", "5 min ago", "3 h ago", "2 d ago". */
    String ago(Instant instant) {
        Duration age = Duration.between(instant, now());
        if (age.isNegative() || age.toSeconds() < 60) {
            return Math.max(0, age.toSeconds()) + " s ago";
        }
        if (age.toMinutes() < 60) {
            return age.toMinutes() + " min ago";
        }
        if (age.toHours() < 48) {
            return age.toHours() + " h ago";
        }
        return age.toDays() + " d ago";
    }
}
