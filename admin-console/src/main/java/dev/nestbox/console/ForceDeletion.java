package dev.nestbox.console;

import dev.nestbox.application.port.in.ForceDeleteHostingUseCase;
import dev.nestbox.application.port.in.HostingView;
import dev.nestbox.domain.hosting.SiteName;
import javafx.stage.Window;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Force deletes the site the operator sees, once they typed its name to confirm; one deletion at a time, with the
 * force-delete button disabled meanwhile. Every outcome ends in a notice and a refresh.
 */
final class ForceDeletion {
    private final ForceDeleteHostingUseCase forceDelete;
    private final Background background;
    private final HostingTable table;
    private final DetailsPane details;
    private final NoticeBar notice;
    private final Supplier<Window> owner;
    private final Runnable refresh;
    private boolean deleting;

    ForceDeletion(ForceDeleteHostingUseCase forceDelete, Background background, HostingTable table,
                  DetailsPane details, NoticeBar notice, Supplier<Window> owner, Runnable refresh) {
        this.forceDelete = forceDelete;
        this.background = background;
        this.table = table;
        this.details = details;
        this.notice = notice;
        this.owner = owner;
        this.refresh = refresh;
    }

    /** Asks to confirm the site in the details pane if it is the selected one, else the table's selection. */
    void deleteSelected() {
        Optional<HostingView> target = details.shown()
                .filter(view -> view.hosting().site().equals(table.selectedSiteProperty().get()))
                .or(table::selected);
        if (target.isEmpty() || deleting) {
            return;
        }
        Optional<SiteName> confirmed = new ForceDeleteDialog(owner.get(), target.get(), ConsoleView.STYLESHEET).ask();
        confirmed.ifPresent(this::delete);
    }

    /** The button is off while a deletion runs and while nothing is selected. */
    void updateButton() {
        details.forceDeleteButton().setDisable(deleting || table.selectedSiteProperty().get() == null);
    }

    private void delete(SiteName site) {
        setDeleting(true);
        notice.show(NoticeBar.Kind.INFO, "Force deleting " + site.value() + "…");
        background.run(() -> forceDelete.forceDelete(site), outcome -> {
            setDeleting(false);
            DeletionNotice done = DeletionNotice.of(site, outcome);
            notice.show(done.kind(), done.text());
            refresh.run();
        }, failure -> {
            setDeleting(false);
            notice.show(NoticeBar.Kind.ERROR, Failures.describe("Could not force delete " + site.value(), failure)
                    + ". Force delete it again once the cause is fixed.");
            refresh.run();
        });
    }

    private void setDeleting(boolean running) {
        deleting = running;
        updateButton();
    }
}
