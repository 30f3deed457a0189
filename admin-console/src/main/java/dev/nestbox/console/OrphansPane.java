package dev.nestbox.console;

import dev.nestbox.application.port.in.OrphanReport;
import dev.nestbox.domain.hosting.SiteName;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.util.List;

/**
 * Machines, disks and seeds on the hypervisor that no hosting owns, as the last check saw them: one line each, by
 * site, kind, name and the hosting it was made for; a report by site only shows one line per site.
 */
final class OrphansPane {
    private final ConsoleTime time;
    private final VBox root = new VBox(8);
    private final Label count = new Label("0");
    private final Label summary = new Label("Not checked yet");
    private final Label error = new Label();
    private final ListView<String> machines = new ListView<>();

    OrphansPane(ConsoleTime time) {
        this.time = time;
        root.setId("orphans");
        root.getStyleClass().add("orphans");

        Label title = new Label("Orphans");
        title.getStyleClass().add("section-title");
        count.setId("orphans-count");
        count.getStyleClass().add("count-pill");
        HBox header = new HBox(8, title, count);
        header.setAlignment(Pos.CENTER_LEFT);

        summary.setId("orphans-summary");
        summary.getStyleClass().add("muted");
        summary.setWrapText(true);
        Label explanation = new Label("Machines, disks and seeds that no hosting owns, such as an earlier site's "
                + "of the same name. Nestbox never deletes them on its own, and gives no new site their name until "
                + "they are gone: inspect and remove them on the host.");
        explanation.setWrapText(true);
        explanation.getStyleClass().add("muted");

        error.setId("orphans-error");
        error.getStyleClass().add("error");
        error.setWrapText(true);
        showError(null);

        machines.setId("orphans-list");
        machines.setAccessibleText("Orphan machines");
        machines.setPrefHeight(120);
        Label none = new Label("None: every machine, disk and seed belongs to a hosting.");
        none.getStyleClass().add("placeholder");
        machines.setPlaceholder(none);
        VBox.setVgrow(machines, Priority.ALWAYS);

        root.getChildren().addAll(header, summary, explanation, error, machines);
    }

    Node node() {
        return root;
    }

    void show(OrphanReport report) {
        showError(null);
        machines.getItems().setAll(lines(report));
        count.setText(Integer.toString(machines.getItems().size()));
        count.getStyleClass().remove("alert");
        if (!machines.getItems().isEmpty()) {
            count.getStyleClass().add("alert");
        }
        String checked = report.checkedAt()
                .map(at -> "Last check " + time.timestamp(at) + " (" + time.ago(at) + ")")
                .orElse("Not checked yet");
        summary.setText(checked + " · " + report.routeFixes() + (report.routeFixes() == 1 ? " route fix" : " route fixes"));
    }

    /** "alice: disk alice.9.qcow2, made for hosting 9", or the site alone where the report lists only sites. */
    static List<String> lines(OrphanReport report) {
        if (report.orphans().isEmpty()) {
            return report.orphanMachines().stream().map(SiteName::value).toList();
        }
        return report.orphans().stream().map(o -> o.site().value() + ": " + o.describe()).toList();
    }

    void showError(String message) {
        error.setText(message);
        error.setManaged(message != null);
        error.setVisible(message != null);
    }
}
