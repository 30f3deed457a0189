package dev.nestbox.console;

import dev.nestbox.application.port.in.HealingReport;
import dev.nestbox.application.port.in.HostingView;
import dev.nestbox.domain.hosting.HostingStatus;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Counts by status, machines healed, when the data was last fresh, and the latest thing that went wrong. */
final class StatusBar {
    private final ConsoleTime time;
    private final HBox root = new HBox(14);
    private final Label total = new Label("0 hostings");
    private final Map<HostingStatus, Label> counts = new EnumMap<>(HostingStatus.class);
    private final Label healing = new Label("Machines not checked yet");
    private final Label error = new Label();
    private final Label refreshed = new Label("Not refreshed yet");
    /** By source ("list", "orphans", ...): each clears when its source next answers. */
    private final Map<String, String> problems = new LinkedHashMap<>();

    StatusBar(ConsoleTime time) {
        this.time = time;
        root.setId("status-bar");
        root.getStyleClass().add("status-bar");
        root.setAlignment(Pos.CENTER_LEFT);
        total.setId("status-total");
        total.getStyleClass().add("status-total");
        root.getChildren().add(total);
        for (HostingStatus status : HostingStatus.values()) {
            Label count = new Label();
            count.setId("status-count-" + status.label());
            count.getStyleClass().addAll("status-count", status.label());
            counts.put(status, count);
            root.getChildren().add(count);
        }
        healing.setId("status-healing");
        healing.getStyleClass().add("muted");
        // Shown from the first report on: a console not asking for one shows nothing rather than a stale label.
        healing.setVisible(false);
        healing.setManaged(false);
        root.getChildren().add(healing);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        error.setId("status-error");
        error.getStyleClass().add("error");
        error.setMinWidth(0);
        refreshed.setId("status-refreshed");
        refreshed.getStyleClass().add("muted");
        refreshed.setMinWidth(Region.USE_PREF_SIZE);
        root.getChildren().addAll(spacer, error, refreshed);
        showCounts(List.of());
        showProblem();
    }

    Node node() {
        return root;
    }

    void showCounts(List<HostingView> hostings) {
        Map<HostingStatus, Integer> byStatus = new EnumMap<>(HostingStatus.class);
        hostings.forEach(view -> byStatus.merge(view.hosting().status(), 1, Integer::sum));
        total.setText(hostings.size() + (hostings.size() == 1 ? " hosting" : " hostings"));
        counts.forEach((status, label) -> {
            int count = byStatus.getOrDefault(status, 0);
            label.setText(count + " " + status.label());
            label.setOpacity(count == 0 ? 0.45 : 1);
        });
    }

    /** What the machine healer reports; its latest event (and when machines were last checked) in the tooltip. */
    void showHealing(HealingReport report) {
        healing.setText(describeHealing(report));
        healing.setVisible(true);
        healing.setManaged(true);
        String checked = report.checkedAt().map(at -> "Machines checked " + time.time(at))
                .orElse("Machines not checked yet");
        healing.setTooltip(new Tooltip(report.lastEvent().map(event -> event + "\n" + checked).orElse(checked)));
    }

    static String describeHealing(HealingReport report) {
        if (report.checkedAt().isEmpty()) {
            return "Machines not checked yet";
        }
        if (report.restarted() == 0 && report.failed() == 0) {
            return report.lastEvent().map(event -> "⚠ " + event).orElse("Machines: all running");
        }
        return "Machines: " + report.restarted() + " restarted, " + report.failed() + " failed";
    }

    void refreshing() {
        refreshed.setText("Refreshing…");
    }

    void refreshedAt(Instant at) {
        refreshed.setText("Refreshed " + time.time(at));
    }

    void refreshFailedAt(Instant at) {
        refreshed.setText("Refresh failed " + time.time(at));
    }

    void problem(String source, String message) {
        problems.put(source, message);
        showProblem();
    }

    void solved(String source) {
        problems.remove(source);
        showProblem();
    }

    private void showProblem() {
        String latest = problems.values().stream().reduce((first, second) -> second).orElse(null);
        error.setText(latest == null ? null : "⚠ " + latest);
        error.setTooltip(latest == null ? null : new Tooltip(String.join("\n", problems.values())));
        error.setVisible(latest != null);
        error.setManaged(latest != null);
    }
}
