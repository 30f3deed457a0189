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

/** Machines the hypervisor runs that no hosting owns, as the reconciler last saw them. */
final class OrphansPane {
    private final ConsoleTime time;
    private final VBox root = new VBox(8);
    private final Label count = new Label("0");
    private final Label summary = new Label("Not checked yet");
    private final Label error = new Label();
    private final ListView<SiteName> machines = new ListView<>();

    OrphansPane(ConsoleTime time) {
        this.time = time;
        root.setId("orphans");
        root.getStyleClass().add("orphans");

        Label title = new Label("Orphan machines");
        title.getStyleClass().add("section-title");
        count.setId("orphans-count");
        count.getStyleClass().add("count-pill");
        HBox header = new HBox(8, title, count);
        header.setAlignment(Pos.CENTER_LEFT);

        summary.setId("orphans-summary");
        summary.getStyleClass().add("muted");
        summary.setWrapText(true);
        Label explanation = new Label("Running machines that no hosting owns. Nestbox never deletes them on its "
                + "own: inspect them on the host.");
        explanation.setWrapText(true);
        explanation.getStyleClass().add("muted");

        error.setId("orphans-error");
        error.getStyleClass().add("error");
        error.setWrapText(true);
        showError(null);

        machines.setId("orphans-list");
        machines.setAccessibleText("Orphan machines");
        machines.setPrefHeight(120);
        Label none = new Label("None: every machine belongs to a hosting.");
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
        machines.getItems().setAll(report.orphanMachines());
        count.setText(Integer.toString(report.orphanMachines().size()));
        count.getStyleClass().remove("alert");
        if (!report.orphanMachines().isEmpty()) {
            count.getStyleClass().add("alert");
        }
        String checked = report.checkedAt()
                .map(at -> "Last check " + time.timestamp(at) + " (" + time.ago(at) + ")")
                .orElse("Not checked yet");
        summary.setText(checked + " · " + report.routeFixes() + (report.routeFixes() == 1 ? " route fix" : " route fixes"));
    }

    void showError(String message) {
        error.setText(message);
        error.setManaged(message != null);
        error.setVisible(message != null);
    }
}
