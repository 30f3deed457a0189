package dev.nestbox.console;

import dev.nestbox.application.port.in.HostingView;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.HostingStatus;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the operator narrowed the table to: every whitespace-separated word of {@code text} must appear, ignoring
 * case, in one of the hosting's fields (site, owner id, status, step, address, SSH port, plan, failure, web URL),
 * and the status and the plan (by name) must match when one is chosen.
 */
record HostingFilter(List<String> words, Optional<HostingStatus> status, Optional<String> plan)
        implements Predicate<HostingView> {
    static final HostingFilter EVERYTHING = of("", Optional.empty(), Optional.empty());

    HostingFilter {
        words = List.copyOf(words);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(plan, "plan");
    }

    static HostingFilter of(String text, Optional<HostingStatus> status) {
        return of(text, status, Optional.empty());
    }

    static HostingFilter of(String text, Optional<HostingStatus> status, Optional<String> plan) {
        String normalised = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        List<String> words = normalised.isEmpty() ? List.of() : Arrays.asList(normalised.split("\\s+"));
        return new HostingFilter(words, status, plan);
    }

    boolean isEverything() {
        return words.isEmpty() && status.isEmpty() && plan.isEmpty();
    }

    @Override
    public boolean test(HostingView view) {
        Hosting hosting = view.hosting();
        if (status.isPresent() && hosting.status() != status.get()) {
            return false;
        }
        if (plan.isPresent() && !hosting.plan().name().equals(plan.get())) {
            return false;
        }
        if (words.isEmpty()) {
            return true;
        }
        String haystack = String.join("\n",
                hosting.site().value(),
                hosting.owner().map(o -> Long.toString(o.value())).orElse("spare"),
                hosting.machine().value(),
                hosting.status().label(),
                hosting.step().label(),
                hosting.address().toString(),
                Integer.toString(hosting.sshPort()),
                hosting.plan().name(),
                hosting.failureReason().orElse(""),
                view.webUrl()).toLowerCase(Locale.ROOT);
        return words.stream().allMatch(haystack::contains);
    }
}
