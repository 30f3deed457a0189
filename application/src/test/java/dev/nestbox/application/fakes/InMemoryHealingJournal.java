package dev.nestbox.application.fakes;

import dev.nestbox.application.port.out.HealingJournal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The journal as a list, shared by a healer and a survey as the database is shared by the server and the console. */
public final class InMemoryHealingJournal implements HealingJournal {
    private final List<Event> events = new ArrayList<>();

    @Override
    public synchronized void record(Event event) {
        events.add(event);
    }

    @Override
    public synchronized Totals totals() {
        long restarted = events.stream().filter(e -> e.outcome() == Outcome.RESTARTED).count();
        return new Totals(restarted, events.size() - restarted,
                events.isEmpty() ? Optional.empty() : Optional.of(events.get(events.size() - 1)));
    }
}
