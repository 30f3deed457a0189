package dev.nestbox.adapters.postgres;

import dev.nestbox.application.port.out.HealingJournal;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.SiteName;

import java.util.Locale;
import java.util.Optional;

/** The machine healer's events as rows of {@code machine_healing}; kept after their hosting is deleted. */
final class JdbiHealingJournal implements HealingJournal {
    private final Database database;

    JdbiHealingJournal(Database database) {
        this.database = database;
    }

    @Override
    public void record(Event event) {
        database.call("record a machine healing event",
                handle -> handle.createUpdate("INSERT INTO machine_healing (hosting_id, site, outcome, description, at)"
                                + " VALUES (:hosting, :site, :outcome, :description, :at)")
                        .bind("hosting", event.hosting().value())
                        .bind("site", event.site().value())
                        .bind("outcome", event.outcome().name().toLowerCase(Locale.ROOT))
                        .bind("description", event.description())
                        .bind("at", Timestamps.utc(event.at()))
                        .execute());
    }

    @Override
    public Totals totals() {
        return database.call("count the machine healing events", handle -> {
            long[] counts = handle.createQuery("SELECT count(*) FILTER (WHERE outcome = 'restarted') AS restarted,"
                            + " count(*) FILTER (WHERE outcome = 'failed') AS failed FROM machine_healing")
                    .map((row, ctx) -> new long[] {row.getLong("restarted"), row.getLong("failed")})
                    .one();
            Optional<Event> latest = handle.createQuery("SELECT hosting_id, site, outcome, description, at"
                            + " FROM machine_healing ORDER BY at DESC, id DESC LIMIT 1")
                    .map((row, ctx) -> new Event(new HostingId(row.getLong("hosting_id")),
                            SiteName.of(row.getString("site")),
                            Outcome.valueOf(row.getString("outcome").toUpperCase(Locale.ROOT)),
                            row.getString("description"), Timestamps.read(row, "at")))
                    .findOne();
            return new Totals(counts[0], counts[1], latest);
        });
    }
}
