package dev.nestbox.console;

import dev.nestbox.domain.hosting.HostingStatus;
import javafx.beans.property.BooleanProperty;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The strip above the table: the title, the search field, the status and plan filters, auto-refresh and refresh.
 */
final class Toolbar {
    private final TextField search = new TextField();
    private final ComboBox<Optional<HostingStatus>> statusFilter = new ComboBox<>();
    private final ComboBox<Optional<String>> planFilter = new ComboBox<>();
    private final CheckBox autoRefresh = new CheckBox();
    private final Button refresh = new Button("_Refresh");
    private final HBox root;
    private Runnable searchDone = () -> { };

    /** {@code canAutoRefresh}: false hides the auto-refresh switch (no refresh period was configured). */
    Toolbar(Duration refreshEvery, boolean canAutoRefresh) {
        Label brand = new Label("Nestbox");
        brand.getStyleClass().add("brand");
        Label section = new Label("admin");
        section.getStyleClass().add("brand-accent");
        HBox title = new HBox(6, brand, section);
        title.setAlignment(Pos.BASELINE_LEFT);

        Label searchLabel = new Label("_Search");
        searchLabel.setMnemonicParsing(true);
        searchLabel.setLabelFor(search);
        search.setId("search");
        search.setPromptText("site, owner id, address, port, plan, failure…");
        search.setTooltip(new Tooltip("Every word must match (Ctrl+F). Esc clears, Down moves to the table."));
        search.setPrefColumnCount(26);

        statusFilter.setId("status-filter");
        statusFilter.setAccessibleText("Status filter");
        statusFilter.getItems().add(Optional.empty());
        for (HostingStatus status : HostingStatus.values()) {
            statusFilter.getItems().add(Optional.of(status));
        }
        statusFilter.setValue(Optional.empty());
        statusFilter.setCellFactory(unused -> new StatusChoiceCell());
        statusFilter.setButtonCell(new StatusChoiceCell());

        planFilter.setId("plan-filter");
        planFilter.setAccessibleText("Plan filter");
        planFilter.setTooltip(new Tooltip("Only the hostings of one plan (the plans of the hostings listed)"));
        planFilter.getItems().add(Optional.empty());
        planFilter.setValue(Optional.empty());
        planFilter.setCellFactory(unused -> new PlanChoiceCell());
        planFilter.setButtonCell(new PlanChoiceCell());

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);

        autoRefresh.setId("auto-refresh");
        autoRefresh.setText("_Auto-refresh every " + refreshEvery.toSeconds() + " s");
        autoRefresh.setSelected(true);
        autoRefresh.setVisible(canAutoRefresh);
        autoRefresh.setManaged(canAutoRefresh);

        refresh.setId("refresh");
        refresh.setTooltip(new Tooltip("Reload hostings and orphans now (F5, Ctrl+R)"));
        refresh.getStyleClass().add("accent");

        root = new HBox(10, title, spacer, searchLabel, search, statusFilter, planFilter, autoRefresh,
                refresh);
        root.setAlignment(Pos.CENTER_LEFT);
        root.getStyleClass().add("toolbar-strip");

        search.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE && !search.getText().isEmpty()) {
                search.clear();
                e.consume();
            } else if (e.getCode() == KeyCode.DOWN || e.getCode() == KeyCode.ENTER) {
                searchDone.run();
                e.consume();
            }
        });
    }

    Node node() {
        return root;
    }

    /** What the search words and the status and plan filters select. */
    HostingFilter filter() {
        Optional<HostingStatus> status = statusFilter.getValue() == null ? Optional.empty() : statusFilter.getValue();
        Optional<String> plan = planFilter.getValue() == null ? Optional.empty() : planFilter.getValue();
        return HostingFilter.of(search.getText(), status, plan);
    }

    /**
     * The plan filter offers "All plans" and every plan in {@code seen} (the plans of the hostings listed), sorted;
     * a chosen plan stays offered and chosen even when no hosting has it any more.
     */
    void offerPlans(Collection<String> seen) {
        Optional<String> chosen = planFilter.getValue() == null ? Optional.empty() : planFilter.getValue();
        TreeSet<String> names = new TreeSet<>(seen);
        chosen.ifPresent(names::add);
        List<Optional<String>> items = new ArrayList<>();
        items.add(Optional.empty());
        names.forEach(name -> items.add(Optional.of(name)));
        if (!planFilter.getItems().equals(items)) {
            planFilter.getItems().setAll(items);
            planFilter.setValue(chosen);
        }
    }

    void onFilterChange(Runnable action) {
        search.textProperty().addListener((obs, was, now) -> action.run());
        statusFilter.valueProperty().addListener((obs, was, now) -> action.run());
        planFilter.valueProperty().addListener((obs, was, now) -> {
            if (!Objects.equals(was, now)) {
                action.run();
            }
        });
    }

    void onRefresh(Runnable action) {
        refresh.setOnAction(e -> action.run());
    }

    /** Down or Enter in the search field: the operator is done typing and wants the results. */
    void onSearchDone(Runnable action) {
        searchDone = action;
    }

    BooleanProperty autoRefreshProperty() {
        return autoRefresh.selectedProperty();
    }

    void focusSearch() {
        search.requestFocus();
        search.selectAll();
    }

    /** "All plans" or one plan's name. */
    private static final class PlanChoiceCell extends ListCell<Optional<String>> {
        @Override
        protected void updateItem(Optional<String> item, boolean empty) {
            super.updateItem(item, empty);
            setGraphic(null);
            setText(empty || item == null ? null : item.orElse("All plans"));
        }
    }

    /** "All statuses" or one status, as a badge. */
    private static final class StatusChoiceCell extends ListCell<Optional<HostingStatus>> {
        @Override
        protected void updateItem(Optional<HostingStatus> item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setText(null);
                setGraphic(null);
            } else if (item.isEmpty()) {
                setText("All statuses");
                setGraphic(null);
            } else {
                setText(null);
                setGraphic(StatusBadge.of(item.get()));
            }
        }
    }
}
