package dev.nestbox.console;

import dev.nestbox.application.port.in.HostingView;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.HostingStatus;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.SiteName;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.css.PseudoClass;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every hosting, one row each, filtered and sorted by the operator. Refreshing keeps the selected site selected,
 * so the details pane does not flicker every few seconds.
 */
final class HostingTable {
    private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");

    private final ObservableList<HostingView> hostings = FXCollections.observableArrayList();
    private final FilteredList<HostingView> filtered = new FilteredList<>(hostings);
    private final TableView<HostingView> table = new TableView<>();
    private final ReadOnlyObjectWrapper<SiteName> selectedSite = new ReadOnlyObjectWrapper<>(this, "selectedSite");
    private final Label placeholder = new Label();
    private boolean loaded;
    private String loadFailure;
    private boolean reselecting;

    HostingTable(ConsoleTime time) {
        table.setId("hostings");
        table.setAccessibleText("Hostings");
        table.setPlaceholder(placeholder);
        placeholder.setId("hostings-placeholder");
        placeholder.getStyleClass().add("placeholder");
        placeholder.setWrapText(true);
        updatePlaceholder();
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setRowFactory(unused -> new HostingRow());

        TableColumn<HostingView, String> site = text("Site", "site", 120, v -> v.hosting().site().value());
        site.getStyleClass().add("site-column");
        site.setMaxWidth(240);
        table.getColumns().add(site);
        table.getColumns().add(number("Owner id", "owner", 84, v -> v.hosting().owner().map(o -> o.value()).orElse(0L)));
        table.getColumns().add(statusColumn());
        table.getColumns().add(this.<Ipv4Address>column("Address", "address", 100, v -> v.hosting().address(),
                Comparator.naturalOrder(), Ipv4Address::toString));
        table.getColumns().add(number("SSH port", "ssh-port", 80, v -> v.hosting().sshPort()));
        TableColumn<HostingView, String> plan = text("Plan", "plan", 86, v -> v.hosting().plan().name());
        plan.setMaxWidth(140);
        table.getColumns().add(plan);
        table.getColumns().add(this.<Instant>column("Created", "created", 142, v -> v.hosting().createdAt(),
                Comparator.naturalOrder(), time::minutes));
        table.getColumns().add(this.<Optional<Instant>>column("Ready", "ready", 142, v -> v.hosting().readyAt(),
                emptyLast(), ready -> ready.map(time::minutes).orElse(ConsoleTime.NONE)));
        table.getColumns().add(text("Failure reason", "failure", 200, v -> v.hosting().failureReason().orElse("")));
        table.getColumns().add(text("Web URL", "web-url", 200, HostingView::webUrl));
        table.getSortOrder().add(site);

        SortedList<HostingView> sorted = new SortedList<>(filtered);
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);

        table.getSelectionModel().selectedItemProperty().addListener((obs, was, now) -> {
            if (!reselecting) {
                selectedSite.set(now == null ? null : now.hosting().site());
            }
        });
    }

    TableView<HostingView> node() {
        return table;
    }

    /** The site of the selected row; changes only when the operator picks another site, not on refresh. */
    ReadOnlyObjectProperty<SiteName> selectedSiteProperty() {
        return selectedSite.getReadOnlyProperty();
    }

    Optional<HostingView> selected() {
        return Optional.ofNullable(table.getSelectionModel().getSelectedItem());
    }

    /** All hostings, whatever the filter shows. */
    List<HostingView> all() {
        return List.copyOf(hostings);
    }

    /** Runs {@code action} after every change of the loaded hostings (not of the filter). */
    void onHostingsChange(Runnable action) {
        hostings.addListener((ListChangeListener<HostingView>) change -> action.run());
    }

    int shownCount() {
        return filtered.size();
    }

    void show(List<HostingView> latest) {
        loaded = true;
        loadFailure = null;
        if (!hostings.equals(latest)) {
            reselecting = true;
            try {
                hostings.setAll(latest);
                reselect(selectedSite.get());
            } finally {
                reselecting = false;
            }
            HostingView now = table.getSelectionModel().getSelectedItem();
            selectedSite.set(now == null ? null : now.hosting().site());
        }
        updatePlaceholder();
    }

    void filter(HostingFilter filter) {
        filtered.setPredicate(filter);
        HostingView now = table.getSelectionModel().getSelectedItem();
        selectedSite.set(now == null ? null : now.hosting().site());
        updatePlaceholder();
    }

    /** The rows stay as last loaded; the message shows only while there are none. */
    void showLoadFailure(String message) {
        loadFailure = message;
        updatePlaceholder();
    }

    private void updatePlaceholder() {
        if (loadFailure != null && hostings.isEmpty()) {
            placeholder.setText(loadFailure);
        } else if (!loaded) {
            placeholder.setText("Loading hostings…");
        } else if (hostings.isEmpty()) {
            placeholder.setText("No hostings yet");
        } else {
            placeholder.setText("No hosting matches the filter");
        }
    }

    private void reselect(SiteName site) {
        if (site == null) {
            return;
        }
        List<HostingView> items = table.getItems();
        for (int row = 0; row < items.size(); row++) {
            if (items.get(row).hosting().site().equals(site)) {
                table.getSelectionModel().clearAndSelect(row);
                return;
            }
        }
        table.getSelectionModel().clearSelection();
    }

    private TableColumn<HostingView, String> text(String title, String id, double width,
                                                  Function<HostingView, String> value) {
        TableColumn<HostingView, String> column = new TableColumn<>(title);
        column.setId("column-" + id);
        column.setPrefWidth(width);
        column.setMinWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        column.setCellFactory(unused -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                setTooltip(empty || item == null || item.isEmpty() ? null : new Tooltip(item));
            }
        });
        return column;
    }

    private <N extends Number & Comparable<N>> TableColumn<HostingView, N> number(
            String title, String id, double width, Function<HostingView, N> value) {
        TableColumn<HostingView, N> column = new TableColumn<>(title);
        column.setId("column-" + id);
        column.setPrefWidth(width);
        column.setMinWidth(width);
        column.getStyleClass().add("numeric");
        column.setMaxWidth(width * 1.2);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        return column;
    }

    private <T> TableColumn<HostingView, T> column(String title, String id, double width,
                                                   Function<HostingView, T> value, Comparator<T> order,
                                                   Function<T, String> format) {
        TableColumn<HostingView, T> column = new TableColumn<>(title);
        column.setId("column-" + id);
        column.setPrefWidth(width);
        column.setMinWidth(width);
        column.setComparator(order);
        column.setMaxWidth(width * 1.2);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        column.setCellFactory(unused -> new TableCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : format.apply(item));
            }
        });
        return column;
    }

    private TableColumn<HostingView, HostingStatus> statusColumn() {
        TableColumn<HostingView, HostingStatus> column = new TableColumn<>("Status");
        column.setId("column-status");
        column.setPrefWidth(126);
        column.setMinWidth(126);
        column.setMaxWidth(150);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().hosting().status()));
        column.setCellFactory(unused -> new TableCell<>() {
            private final Label badge = new Label();

            @Override
            protected void updateItem(HostingStatus status, boolean empty) {
                super.updateItem(status, empty);
                setText(null);
                if (empty || status == null) {
                    setGraphic(null);
                    return;
                }
                StatusBadge.show(badge, status);
                setGraphic(badge);
                setAlignment(Pos.CENTER_LEFT);
            }
        });
        return column;
    }

    private static Comparator<Optional<Instant>> emptyLast() {
        return Comparator.comparing((Optional<Instant> ready) -> ready.orElse(null),
                Comparator.nullsLast(Comparator.naturalOrder()));
    }

    /** Tints a failed hosting's row so it stands out in a long list. */
    private static final class HostingRow extends TableRow<HostingView> {
        @Override
        protected void updateItem(HostingView item, boolean empty) {
            super.updateItem(item, empty);
            Hosting hosting = empty || item == null ? null : item.hosting();
            pseudoClassStateChanged(FAILED, hosting != null && hosting.status() == HostingStatus.FAILED);
        }
    }
}
