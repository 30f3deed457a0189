package dev.nestbox.console;

import dev.nestbox.domain.hosting.HostingStatus;
import javafx.scene.control.Label;

import java.util.Arrays;

/** A hosting status as a coloured pill, the same in the table, the details and the status bar. */
final class StatusBadge {
    static final String STYLE_CLASS = "status-badge";

    private StatusBadge() {
    }

    static Label of(HostingStatus status) {
        Label badge = new Label();
        show(badge, status);
        return badge;
    }

    /** {@code status} null clears the badge, for empty table cells. */
    static void show(Label badge, HostingStatus status) {
        badge.getStyleClass().removeAll(Arrays.stream(HostingStatus.values()).map(HostingStatus::label).toList());
        if (status == null) {
            badge.getStyleClass().remove(STYLE_CLASS);
            badge.setText(null);
            return;
        }
        if (!badge.getStyleClass().contains(STYLE_CLASS)) {
            badge.getStyleClass().add(STYLE_CLASS);
        }
        badge.getStyleClass().add(status.label());
        badge.setText(status.label());
    }
}
