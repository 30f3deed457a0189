package dev.nestbox.console;

import dev.nestbox.application.port.in.HostingView;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;

import java.time.Duration;
import java.util.List;

/**
 * Loads the hostings, the orphan report and the machines' health into their panes: when the operator asks, and quietly every
 * {@code refreshEvery} while auto-refresh is on. A slower answer never overwrites a newer one.
 */
final class Refresher {
    private final ConsoleUseCases useCases;
    private final Background background;
    private final ConsoleTime time;
    private final HostingTable table;
    private final OrphansPane orphans;
    private final StatusBar statusBar;
    private final Runnable onListed;
    private final Timeline ticker;
    private final Tickets listTickets = new Tickets();
    private final Tickets orphanTickets = new Tickets();
    private final Tickets healingTickets = new Tickets();

    /** {@code onListed} runs after each list is shown; a zero or negative {@code refreshEvery} turns auto-refresh off. */
    Refresher(ConsoleUseCases useCases, Background background, ConsoleTime time, HostingTable table,
              OrphansPane orphans, StatusBar statusBar, Duration refreshEvery, Runnable onListed) {
        this.useCases = useCases;
        this.background = background;
        this.time = time;
        this.table = table;
        this.orphans = orphans;
        this.statusBar = statusBar;
        this.onListed = onListed;
        this.ticker = refreshEvery.isZero() || refreshEvery.isNegative() ? null
                : new Timeline(new KeyFrame(javafx.util.Duration.millis(refreshEvery.toMillis()), e -> autoRefresh()));
    }

    boolean canAutoRefresh() {
        return ticker != null;
    }

    /** Loads everything once, and starts the auto-refresh if {@code auto}. */
    void start(boolean auto) {
        if (ticker != null) {
            ticker.setCycleCount(Animation.INDEFINITE);
            if (auto) {
                ticker.play();
            }
        }
        refresh();
    }

    void setAuto(boolean on) {
        if (ticker != null) {
            if (on) {
                ticker.play();
            } else {
                ticker.stop();
            }
        }
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
        reloadHealing();
    }

    /** Machines of running hostings that are down right now (the server restarts or fails them). */
    private void reloadHealing() {
        long healingTicket = healingTickets.issue();
        background.run(() -> useCases.healing().report(), report -> {
            if (healingTickets.answer(healingTicket)) {
                statusBar.showHealing(report);
                statusBar.solved("healing");
            }
        }, failure -> {
            if (healingTickets.answer(healingTicket)) {
                statusBar.problem("healing", Failures.describe("Could not check the machines", failure));
            }
        });
    }

    private void autoRefresh() {
        // A hung dependency must not pile up requests every few seconds.
        if (!listTickets.inFlight() && !orphanTickets.inFlight() && !healingTickets.inFlight()) {
            reload();
        }
    }

    private void showHostings(List<HostingView> hostings) {
        table.show(hostings);
        statusBar.showCounts(hostings);
        statusBar.solved("list");
        statusBar.refreshedAt(time.now());
        onListed.run();
    }
}
