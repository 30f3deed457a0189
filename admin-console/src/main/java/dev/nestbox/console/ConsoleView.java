package dev.nestbox.console;

import dev.nestbox.application.port.in.DeletionOutcome;
import dev.nestbox.application.port.in.HostingLookup;
import dev.nestbox.application.port.in.HostingView;
import dev.nestbox.domain.hosting.HostingStatus;
import dev.nestbox.domain.hosting.SiteName;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The console's one window: table, details, orphans, status. Owns when use cases run; every answer comes back on
 * the FX thread through {@link Background}.
 */
final class ConsoleView {
    static final String STYLESHEET = Objects.requireNonNull(ConsoleView.class.getResource("console.css"),
            "console.css").toExternalForm();
    private static final KeyCombination REFRESH = new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination FIND = new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN);

    private final ConsoleUseCases useCases;
    private final Background background;
    private final ConsoleTime time;
    private final HostingTable table;
    private final DetailsPane details;
    private final OrphansPane orphans;
    private final StatusBar statusBar;
    private final NoticeBar notice = new NoticeBar();
    private final TextField search = new TextField();
    private final ComboBox<Optional<HostingStatus>> statusFilter = new ComboBox<>();
    private final CheckBox autoRefresh = new CheckBox();
    private final Button refresh = new Button("_Refresh");
    private final BorderPane root = new BorderPane();
    private final Timeline ticker;
    private final Tickets listTickets = new Tickets();
    private final Tickets orphanTickets = new Tickets();
    private final Tickets inspectTickets = new Tickets();
    private boolean deleting;

    ConsoleView(ConsoleUseCases useCases, Background background, ConsoleTime time, Duration refreshEvery) {
        this.useCases = useCases;
        this.background = background;
        this.time = time;
        this.table = new HostingTable(time);
        this.details = new DetailsPane(time);
        this.orphans = new OrphansPane(time);
        this.statusBar = new StatusBar(time);
        this.ticker = refreshEvery.isZero() || refreshEvery.isNegative() ? null
                : new Timeline(new KeyFrame(javafx.util.Duration.millis(refreshEvery.toMillis()), e -> autoRefresh()));
        layOut(refreshEvery);
        wire();
    }

    Parent root() {
        return root;
    }

    /** Loads everything once and starts the auto-refresh. */
    void start() {
        if (ticker != null) {
            ticker.setCycleCount(Animation.INDEFINITE);
            if (autoRefresh.isSelected()) {
                ticker.play();
            }
        }
        refresh();
    }

    void stop() {
        if (ticker != null) {
            ticker.stop();
        }
    }

    /** Asked for by the operator: says so in the status bar, unlike the quiet auto-refresh. */
    void refresh() {
        statusBar.refreshing();
        reload();
    }

    private void reload() {
        long listTicket = listTickets.issue();
        background.run(() -> useCases.list().list(), hostings -> {
            if (listTickets.answer(listTicket)) {
                showHostings(hostings);
            }
        }, failure -> {
            if (listTickets.answer(listTicket)) {
                String message = Failures.describe("Could not list hostings", failure);
                table.showLoadFailure(message);
                statusBar.problem("list", message);
                statusBar.refreshFailedAt(time.now());
            }
        });
        long orphanTicket = orphanTickets.issue();
        background.run(() -> useCases.orphans().report(), report -> {
            if (orphanTickets.answer(orphanTicket)) {
                orphans.show(report);
                statusBar.solved("orphans");
            }
        }, failure -> {
            if (orphanTickets.answer(orphanTicket)) {
                String message = Failures.describe("Could not report orphan machines", failure);
                orphans.showError(message);
                statusBar.problem("orphans", message);
            }
        });
    }

    private void autoRefresh() {
        // A hung dependency must not pile up requests every few seconds.
        if (!listTickets.inFlight() && !orphanTickets.inFlight()) {
            reload();
        }
    }

    private void showHostings(List<HostingView> hostings) {
        table.show(hostings);
        statusBar.showCounts(hostings);
        statusBar.solved("list");
        statusBar.refreshedAt(time.now());
        SiteName selected = table.selectedSiteProperty().get();
        if (selected != null) {
            inspect(selected, false);
        }
    }

    /** {@code loud}: the operator picked another site, so say it is loading instead of showing the old one. */
    private void inspect(SiteName site, boolean loud) {
        if (loud) {
            details.showLoading(site);
        }
        long ticket = inspectTickets.issue();
        background.run(() -> useCases.inspect().inspect(site), lookup -> {
            if (inspectTickets.answer(ticket) && site.equals(table.selectedSiteProperty().get())) {
                if (lookup instanceof HostingLookup.Found found) {
                    details.show(found.hosting());
                } else {
                    details.showGone(site);
                }
                statusBar.solved("inspect");
            }
        }, failure -> {
            if (inspectTickets.answer(ticket) && site.equals(table.selectedSiteProperty().get())) {
                String message = Failures.describe("Could not inspect " + site.value(), failure);
                details.showFailure(site, message);
                statusBar.problem("inspect", message);
            }
        });
    }

    void forceDeleteSelected() {
        Optional<HostingView> target = details.shown()
                .filter(view -> view.hosting().site().equals(table.selectedSiteProperty().get()))
                .or(table::selected);
        if (target.isEmpty() || deleting) {
            return;
        }
        Optional<SiteName> confirmed = new ForceDeleteDialog(root.getScene().getWindow(), target.get(), STYLESHEET).ask();
        confirmed.ifPresent(this::forceDelete);
    }

    private void forceDelete(SiteName site) {
        setDeleting(true);
        notice.show(NoticeBar.Kind.INFO, "Force deleting " + site.value() + "…");
        background.run(() -> useCases.forceDelete().forceDelete(site), outcome -> {
            setDeleting(false);
            if (outcome instanceof DeletionOutcome.Deleted) {
                notice.show(NoticeBar.Kind.SUCCESS, "Deleted " + site.value() + ": its machine, disk and routes are gone.");
            } else {
                notice.show(NoticeBar.Kind.WARNING, site.value() + " was already gone: nothing was deleted.");
            }
            refresh();
        }, failure -> {
            setDeleting(false);
            notice.show(NoticeBar.Kind.ERROR, Failures.describe("Could not force delete " + site.value(), failure)
                    + ". Force delete it again once the cause is fixed.");
            refresh();
        });
    }

    private void setDeleting(boolean running) {
        deleting = running;
        updateForceDeleteButton();
    }

    private void updateForceDeleteButton() {
        details.forceDeleteButton().setDisable(deleting || table.selectedSiteProperty().get() == null);
    }

    private void applyFilter() {
        table.filter(HostingFilter.of(search.getText(), statusFilter.getValue()));
    }

    private void layOut(Duration refreshEvery) {
        root.getStyleClass().add("console");
        root.getStylesheets().add(STYLESHEET);

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
        search.setPromptText("site, owner id, address, port, failure…");
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

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);

        autoRefresh.setId("auto-refresh");
        autoRefresh.setText("_Auto-refresh every " + refreshEvery.toSeconds() + " s");
        autoRefresh.setSelected(true);
        autoRefresh.setVisible(ticker != null);
        autoRefresh.setManaged(ticker != null);

        refresh.setId("refresh");
        refresh.setTooltip(new Tooltip("Reload hostings and orphans now (F5, Ctrl+R)"));
        refresh.getStyleClass().add("accent");

        HBox toolbar = new HBox(10, title, spacer, searchLabel, search, statusFilter, autoRefresh, refresh);
        toolbar.setAlignment(Pos.CENTER_LEFT);
        toolbar.getStyleClass().add("toolbar-strip");

        SplitPane below = new SplitPane(details.node(), orphans.node());
        below.setDividerPositions(0.72);
        SplitPane.setResizableWithParent(orphans.node(), false);

        SplitPane center = new SplitPane(table.node(), below);
        center.setOrientation(Orientation.VERTICAL);
        center.setDividerPositions(0.55);

        root.setTop(new VBox(toolbar, notice.node()));
        root.setCenter(center);
        root.setBottom(statusBar.node());
    }

    private void wire() {
        refresh.setOnAction(e -> refresh());
        autoRefresh.selectedProperty().addListener((obs, was, on) -> {
            if (ticker != null) {
                if (on) {
                    ticker.play();
                } else {
                    ticker.stop();
                }
            }
        });
        search.textProperty().addListener((obs, was, now) -> applyFilter());
        statusFilter.valueProperty().addListener((obs, was, now) -> applyFilter());
        search.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE && !search.getText().isEmpty()) {
                search.clear();
                e.consume();
            } else if (e.getCode() == KeyCode.DOWN || e.getCode() == KeyCode.ENTER) {
                table.node().requestFocus();
                if (table.node().getSelectionModel().isEmpty() && !table.node().getItems().isEmpty()) {
                    table.node().getSelectionModel().selectFirst();
                }
                e.consume();
            }
        });

        table.selectedSiteProperty().addListener((obs, was, site) -> {
            updateForceDeleteButton();
            if (site == null) {
                details.showNothing();
            } else {
                inspect(site, true);
            }
        });
        table.node().setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DELETE) {
                forceDeleteSelected();
                e.consume();
            }
        });
        MenuItem deleteItem = new MenuItem("Force delete…");
        deleteItem.setOnAction(e -> forceDeleteSelected());
        MenuItem refreshItem = new MenuItem("Refresh");
        refreshItem.setOnAction(e -> refresh());
        table.node().setContextMenu(new ContextMenu(refreshItem, deleteItem));

        details.forceDeleteButton().setOnAction(e -> forceDeleteSelected());

        root.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.F5 || REFRESH.match(e)) {
                refresh();
                e.consume();
            } else if (FIND.match(e)) {
                search.requestFocus();
                search.selectAll();
                e.consume();
            }
        });
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
