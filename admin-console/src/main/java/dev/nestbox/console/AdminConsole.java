package dev.nestbox.console;

import dev.nestbox.application.port.in.ForceDeleteHostingUseCase;
import dev.nestbox.application.port.in.InspectHostingUseCase;
import dev.nestbox.application.port.in.ListHostingsUseCase;
import dev.nestbox.application.port.in.ReportMachineHealingUseCase;
import dev.nestbox.application.port.in.ReportOrphansUseCase;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The administrators' desktop console: every hosting, its details, force deletion and orphan machines, driven
 * through the same use cases as the REST API. The composition root builds it with those use cases and either
 * {@link #launch launches} it or, in tests, puts {@link #createScene()} on a stage of its own.
 *
 * <p>Use cases do I/O, so they run on a few daemon threads of the console's own and never on the FX thread.
 */
public final class AdminConsole {
    public static final String TITLE = "Nestbox admin";
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(5);
    private static final double WIDTH = 1440;
    private static final double HEIGHT = 860;

    private final ConsoleUseCases useCases;
    private final Background background;
    private final ExecutorService ownExecutor;
    private final ConsoleTime time;
    private final Duration refreshEvery;
    private final List<ConsoleView> views = new CopyOnWriteArrayList<>();

    public AdminConsole(ListHostingsUseCase list, InspectHostingUseCase inspect,
                        ForceDeleteHostingUseCase forceDelete, ReportOrphansUseCase orphans) {
        this(list, inspect, forceDelete, orphans, DEFAULT_REFRESH);
    }

    /** With the machine healing report shown in the status bar. */
    public AdminConsole(ListHostingsUseCase list, InspectHostingUseCase inspect,
                        ForceDeleteHostingUseCase forceDelete, ReportOrphansUseCase orphans,
                        ReportMachineHealingUseCase healing) {
        this(new ConsoleUseCases(list, inspect, forceDelete, orphans, healing), workers(), Clock.systemDefaultZone(),
                DEFAULT_REFRESH);
    }

    /** {@code refreshEvery} zero turns auto-refresh off; the Refresh button and F5 still work. */
    public AdminConsole(ListHostingsUseCase list, InspectHostingUseCase inspect,
                        ForceDeleteHostingUseCase forceDelete, ReportOrphansUseCase orphans, Duration refreshEvery) {
        this(new ConsoleUseCases(list, inspect, forceDelete, orphans), workers(), Clock.systemDefaultZone(),
                refreshEvery);
    }

    /** For tests: their own executor (not shut down by {@link #stop()}) and clock. */
    AdminConsole(ConsoleUseCases useCases, java.util.concurrent.Executor executor, Clock clock, Duration refreshEvery) {
        this.useCases = useCases;
        this.background = new Background(executor);
        this.ownExecutor = executor instanceof ExecutorService service ? service : null;
        this.time = new ConsoleTime(clock);
        this.refreshEvery = Objects.requireNonNull(refreshEvery, "refreshEvery");
    }

    /** A fresh console window's content, already loading; call on the FX thread. */
    public Parent createRoot() {
        ConsoleView view = new ConsoleView(useCases, background, time, refreshEvery);
        views.add(view);
        view.start();
        return view.root();
    }

    /** {@link #createRoot()} in a scene of the console's preferred size; call on the FX thread. */
    public Scene createScene() {
        return new Scene(createRoot(), WIDTH, HEIGHT);
    }

    /** Stops auto-refreshing and the console's worker threads. Safe to call more than once. */
    public void stop() {
        Runnable stopViews = () -> views.forEach(ConsoleView::stop);
        if (views.isEmpty()) {
            // Nothing was ever shown, and the toolkit may never have started: runLater would wait for it forever.
            ownExecutorShutdown();
            return;
        }
        if (Platform.isFxApplicationThread()) {
            stopViews.run();
        } else {
            try {
                Platform.runLater(stopViews);
            } catch (IllegalStateException toolkitGone) {
                // Nothing is animating any more.
            }
        }
        ownExecutorShutdown();
    }

    private void ownExecutorShutdown() {
        if (ownExecutor != null) {
            ownExecutor.shutdownNow();
        }
    }

    /**
     * Opens the console in a window titled {@value #TITLE} and blocks until the operator closes it, then stops
     * the console. Starts the JavaFX toolkit if nobody has, without a {@code javafx.application.Application}
     * subclass, so it works with JavaFX on the plain classpath. Must not be called on the FX thread.
     *
     * @throws IllegalStateException if JavaFX cannot start (no display) or the window could not be opened
     */
    public static void launch(AdminConsole console) {
        Objects.requireNonNull(console, "console");
        if (Platform.isFxApplicationThread()) {
            throw new IllegalStateException("launch blocks until the window closes; call it off the FX thread");
        }
        CountDownLatch closed = new CountDownLatch(1);
        AtomicReference<RuntimeException> failed = new AtomicReference<>();
        Runnable open = () -> {
            try {
                Stage stage = new Stage();
                stage.setTitle(TITLE);
                stage.setScene(console.createScene());
                stage.setMinWidth(900);
                stage.setMinHeight(560);
                stage.setOnHidden(e -> closed.countDown());
                stage.show();
            } catch (RuntimeException e) {
                failed.set(e);
                closed.countDown();
            }
        };
        boolean startedHere;
        try {
            startedHere = startToolkit(open);
        } catch (UnsupportedOperationException | LinkageError noDisplay) {
            console.stop();
            throw new IllegalStateException("could not start JavaFX for the admin console; it needs a graphical "
                    + "desktop (is DISPLAY set?): " + noDisplay.getMessage(), noDisplay);
        }
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            console.stop();
            if (startedHere) {
                Platform.exit();
            }
        }
        if (failed.get() != null) {
            throw new IllegalStateException("could not open the admin console: " + failed.get().getMessage(), failed.get());
        }
    }

    private static boolean startToolkit(Runnable first) {
        try {
            Platform.startup(first);
            return true;
        } catch (IllegalStateException alreadyRunning) {
            Platform.runLater(first);
            return false;
        }
    }

    static ExecutorService workers() {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory daemons = work -> {
            Thread thread = new Thread(work, "nestbox-console-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return Executors.newFixedThreadPool(3, daemons);
    }
}
