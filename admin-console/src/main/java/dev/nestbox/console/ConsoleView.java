package dev.nestbox.console;

import dev.nestbox.domain.hosting.SiteName;
import javafx.geometry.Orientation;
import javafx.scene.Parent;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

import java.time.Duration;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The console's one window: toolbar, table, details, orphans, status. Puts the parts in place and connects them;
 * the parts that run use cases ({@link Refresher}, {@link SiteInspector}, {@link ForceDeletion}) get every answer
 * back on the FX thread through {@link Background}.
 */
final class ConsoleView {
    static final String STYLESHEET = Objects.requireNonNull(ConsoleView.class.getResource("console.css"),
            "console.css").toExternalForm();
    private static final KeyCombination REFRESH = new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination FIND = new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN);

    private final HostingTable table;
    private final DetailsPane details;
    private final OrphansPane orphans;
    private final StatusBar statusBar;
    private final NoticeBar notice = new NoticeBar();
    private final Toolbar toolbar;
    private final BorderPane root = new BorderPane();
    private final Refresher refresher;
    private final SiteInspector inspector;
    private final ForceDeletion deletion;

    ConsoleView(ConsoleUseCases useCases, Background background, ConsoleTime time, Duration refreshEvery) {
        this.table = new HostingTable(time);
        this.details = new DetailsPane(time);
        this.orphans = new OrphansPane(time);
        this.statusBar = new StatusBar(time);
        this.inspector = new SiteInspector(useCases.inspect(), background, table, details, statusBar);
        this.refresher = new Refresher(useCases, background, time, table, orphans, statusBar, refreshEvery,
                this::reinspectSelected);
        this.deletion = new ForceDeletion(useCases.forceDelete(), background, table, details, notice,
                () -> root.getScene().getWindow(), this::refresh);
        this.toolbar = new Toolbar(refreshEvery, refresher.canAutoRefresh());
        layOut();
        wire();
    }

    Parent root() {
        return root;
    }

    /** Loads everything once and starts the auto-refresh. */
    void start() {
        refresher.start(toolbar.autoRefreshProperty().get());
    }

    void stop() {
        refresher.stop();
    }

    /** Asked for by the operator: says so in the status bar, unlike the quiet auto-refresh. */
    void refresh() {
        refresher.refresh();
    }

    void forceDeleteSelected() {
        deletion.deleteSelected();
    }

    /** A new list may have changed the selected site: show its details again, quietly. */
    private void reinspectSelected() {
        SiteName selected = table.selectedSiteProperty().get();
        if (selected != null) {
            inspector.inspect(selected, false);
        }
    }

    private void layOut() {
        root.getStyleClass().add("console");
        root.getStylesheets().add(STYLESHEET);

        SplitPane below = new SplitPane(details.node(), orphans.node());
        below.setDividerPositions(0.72);
        SplitPane.setResizableWithParent(orphans.node(), false);

        SplitPane center = new SplitPane(table.node(), below);
        center.setOrientation(Orientation.VERTICAL);
        center.setDividerPositions(0.55);

        root.setTop(new VBox(toolbar.node(), notice.node()));
        root.setCenter(center);
        root.setBottom(statusBar.node());
    }

    private void wire() {
        toolbar.onRefresh(this::refresh);
        toolbar.autoRefreshProperty().addListener((obs, was, on) -> refresher.setAuto(on));
        toolbar.onFilterChange(() -> table.filter(toolbar.filter()));
        table.onHostingsChange(() -> toolbar.offerPlans(
                table.all().stream().map(view -> view.hosting().plan().name()).collect(Collectors.toSet())));
        toolbar.onSearchDone(() -> {
            table.node().requestFocus();
            if (table.node().getSelectionModel().isEmpty() && !table.node().getItems().isEmpty()) {
                table.node().getSelectionModel().selectFirst();
            }
        });

        table.selectedSiteProperty().addListener((obs, was, site) -> {
            deletion.updateButton();
            if (site == null) {
                details.showNothing();
            } else {
                inspector.inspect(site, true);
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
                toolbar.focusSearch();
                e.consume();
            }
        });
    }
}
