package dev.nestbox.application.port.out;

import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.SiteName;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the machine healer did, kept where every process on the store sees it: the admin console reports the
 * server's restarts and failures from here, although only the server heals.
 */
public interface HealingJournal {
    void record(Event event);

    /** Every event recorded so far, counted, and the latest one. */
    Totals totals();

    enum Outcome { RESTARTED, FAILED }

    /** One restart or failure: {@code description} is what the healer logged, in words for an administrator. */
    record Event(HostingId hosting, SiteName site, Outcome outcome, String description, Instant at) {
        public Event {
            Objects.requireNonNull(hosting, "hosting");
            Objects.requireNonNull(site, "site");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(at, "at");
        }
    }

    record Totals(long restarted, long failed, Optional<Event> latest) {
        public Totals {
            Objects.requireNonNull(latest, "latest");
        }

        public static Totals none() {
            return new Totals(0, 0, Optional.empty());
        }
    }
}
