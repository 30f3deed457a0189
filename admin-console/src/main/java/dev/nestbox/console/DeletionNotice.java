package dev.nestbox.console;

import dev.nestbox.application.port.in.DeletionOutcome;
import dev.nestbox.domain.hosting.SiteName;

/** What the notice bar says once a force delete answered. */
record DeletionNotice(NoticeBar.Kind kind, String text) {

    static DeletionNotice of(SiteName site, DeletionOutcome outcome) {
        // Java 17 has no pattern switch outside preview: every permitted type is named, and
        // ConsoleOutcomesTest fails when DeletionOutcome gains one this chain does not.
        if (outcome instanceof DeletionOutcome.Deleted) {
            return new DeletionNotice(NoticeBar.Kind.SUCCESS,
                    "Deleted " + site.value() + ": its machine, disk and routes are gone.");
        } else if (outcome instanceof DeletionOutcome.NotFound) {
            return new DeletionNotice(NoticeBar.Kind.WARNING, site.value() + " was already gone: nothing was deleted.");
        }
        throw new AssertionError("unhandled deletion outcome: " + outcome);
    }
}
