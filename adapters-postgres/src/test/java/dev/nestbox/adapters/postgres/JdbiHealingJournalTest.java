package dev.nestbox.adapters.postgres;

import dev.nestbox.application.port.out.HealingJournal;
import dev.nestbox.application.port.out.HealingJournal.Event;
import dev.nestbox.application.port.out.HealingJournal.Outcome;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.SiteName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class JdbiHealingJournalTest {
    @RegisterExtension
    static final PostgresTestDatabase DATABASE = new PostgresTestDatabase();

    private HealingJournal journal;

    @BeforeEach
    void emptyDatabase() {
        DATABASE.truncate();
        journal = new PostgresStore(DATABASE.jdbi()).healingJournal();
    }

    @Test
    void an_empty_journal_counts_nothing() {
        assertThat(journal.totals()).isEqualTo(HealingJournal.Totals.none());
    }

    @Test
    void events_are_counted_by_outcome_and_the_latest_is_read_back_whole_for_another_process() {
        Instant t = Instant.parse("2026-12-03T10:00:00.123456Z");
        journal.record(new Event(new HostingId(1), SiteName.of("alice"), Outcome.RESTARTED, "alice: started again", t));
        journal.record(new Event(new HostingId(1), SiteName.of("alice"), Outcome.RESTARTED, "alice: started again",
                t.plusSeconds(30)));
        Event latest = new Event(new HostingId(2), SiteName.of("bob"), Outcome.FAILED, "bob failed: machine gone",
                t.plusSeconds(60));
        journal.record(latest);

        HealingJournal.Totals read = new PostgresStore(DATABASE.jdbi()).healingJournal().totals();

        assertThat(read).isEqualTo(new HealingJournal.Totals(2, 1, java.util.Optional.of(latest)));
    }
}
