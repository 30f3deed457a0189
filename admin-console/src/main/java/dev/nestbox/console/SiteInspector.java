package dev.nestbox.console;

import dev.nestbox.application.port.in.HostingLookup;
import dev.nestbox.application.port.in.InspectHostingUseCase;
import dev.nestbox.domain.hosting.SiteName;

/** Shows the selected site in the details pane; an answer for a site no longer selected, or outrun, is dropped. */
final class SiteInspector {
    private final InspectHostingUseCase inspect;
    private final Background background;
    private final HostingTable table;
    private final DetailsPane details;
    private final StatusBar statusBar;
    private final Tickets tickets = new Tickets();

    SiteInspector(InspectHostingUseCase inspect, Background background, HostingTable table, DetailsPane details,
                  StatusBar statusBar) {
        this.inspect = inspect;
        this.background = background;
        this.table = table;
        this.details = details;
        this.statusBar = statusBar;
    }

    /** {@code loud}: the operator picked another site, so say it is loading instead of showing the old one. */
    void inspect(SiteName site, boolean loud) {
        if (loud) {
            details.showLoading(site);
        }
        long ticket = tickets.issue();
        background.run(() -> inspect.inspect(site), lookup -> {
            if (tickets.answer(ticket) && stillSelected(site)) {
                show(site, lookup);
                statusBar.solved("inspect");
            }
        }, failure -> {
            if (tickets.answer(ticket) && stillSelected(site)) {
                String message = Failures.describe("Could not inspect " + site.value(), failure);
                details.showFailure(site, message);
                statusBar.problem("inspect", message);
            }
        });
    }

    private boolean stillSelected(SiteName site) {
        return site.equals(table.selectedSiteProperty().get());
    }

    private void show(SiteName site, HostingLookup lookup) {
        // Java 17 has no pattern switch outside preview: every permitted type is named, and
        // ConsoleOutcomesTest fails when HostingLookup gains one this chain does not.
        if (lookup instanceof HostingLookup.Found found) {
            details.show(found.hosting());
        } else if (lookup instanceof HostingLookup.NotFound) {
            details.showGone(site);
        } else {
            throw new AssertionError("unhandled hosting lookup: " + lookup);
        }
    }
}
