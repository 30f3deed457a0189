package dev.nestbox.application.fakes;

import java.util.ArrayList;
import java.util.List;

/** One ordered record of calls across all fakes, so tests can assert the order between ports. */
public final class EventLog {
    private final List<String> events = new ArrayList<>();

    public synchronized void add(String event) {
        events.add(event);
    }

    public synchronized List<String> events() {
        return List.copyOf(events);
    }

    public synchronized List<String> startingWith(String prefix) {
        return events.stream().filter(e -> e.startsWith(prefix)).toList();
    }

    public synchronized void clear() {
        events.clear();
    }
}
