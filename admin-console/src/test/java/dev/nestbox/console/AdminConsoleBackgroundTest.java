package dev.nestbox.console;

import dev.nestbox.application.port.in.HostingView;
import dev.nestbox.domain.hosting.ProvisioningStep;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.control.CheckBox;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** With the console's own worker threads, as in production: I/O off the FX thread, and a table that keeps up. */
@ExtendWith(ApplicationExtension.class)
class AdminConsoleBackgroundTest {
    private static final Duration PERIOD = Duration.ofMillis(200);
    private final FakeUseCases fake = new FakeUseCases()
            .with(Samples.provisioning(1, "alice", 11, ProvisioningStep.START_VM, Duration.ofMinutes(1)));
    private ExecutorService workers;
    private Tracking work;
    private AdminConsole console;

    @Start
    void start(Stage stage) {
        workers = AdminConsole.workers();
        work = new Tracking(workers);
        console = new AdminConsole(fake.useCases(), work, Clock.systemDefaultZone(), PERIOD);
        stage.setScene(console.createScene());
        stage.show();
    }

    @AfterEach
    void stop() {
        console.stop();
        workers.shutdownNow();
    }

    @Test
    void use_cases_run_off_the_fx_thread_and_auto_refresh_picks_up_changes(FxRobot robot) throws TimeoutException {
        waitFor(() -> table(robot).getItems().size() == 1);

        fake.with(Samples.running(1, "alice", 11, Duration.ofMinutes(1)),
                Samples.pending(2, "bob", 12, Duration.ofSeconds(1)));
        waitFor(() -> table(robot).getItems().size() == 2);

        assertThat(fake.callingThreads).isNotEmpty().allMatch(name -> name.startsWith("nestbox-console-"));
    }

    /**
     * Measured in periods of the FX animation clock that drives the auto-refresh, not in wall-clock sleeps: three
     * periods bring at least one refresh while it is on, and none once it is off.
     */
    @Test
    void turning_auto_refresh_off_stops_the_polling(FxRobot robot) throws Exception {
        waitFor(() -> table(robot).getItems().size() == 1);
        assertThat(listCallsOverThreePeriods(robot)).as("auto-refresh on").isPositive();

        robot.clickOn("#auto-refresh");
        assertThat(robot.lookup("#auto-refresh").queryAs(CheckBox.class).isSelected()).isFalse();

        assertThat(listCallsOverThreePeriods(robot)).as("auto-refresh off").isZero();
    }

    /** List calls that start while the FX clock runs three refresh periods, counted once the workers are idle. */
    private int listCallsOverThreePeriods(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        waitFor(work::idle);
        int before = fake.listCalls.get();
        CountDownLatch periods = new CountDownLatch(3);
        robot.interact(() -> {
            Timeline witness = new Timeline(new KeyFrame(javafx.util.Duration.millis(PERIOD.toMillis()),
                    e -> periods.countDown()));
            witness.setCycleCount(3);
            witness.play();
        });
        assertThat(periods.await(10, TimeUnit.SECONDS)).as("three periods of the FX clock").isTrue();
        WaitForAsyncUtils.waitForFxEvents();
        waitFor(work::idle);
        return fake.listCalls.get() - before;
    }

    @SuppressWarnings("unchecked")
    private static TableView<HostingView> table(FxRobot robot) {
        return robot.lookup("#hostings").queryAs(TableView.class);
    }

    private static void waitFor(java.util.concurrent.Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition);
    }

    /** The console's workers, counting the use-case calls handed to them that have not finished. */
    private static final class Tracking implements Executor {
        private final Executor delegate;
        private final AtomicInteger unfinished = new AtomicInteger();

        Tracking(Executor delegate) {
            this.delegate = delegate;
        }

        @Override
        public void execute(Runnable task) {
            unfinished.incrementAndGet();
            try {
                delegate.execute(() -> {
                    try {
                        task.run();
                    } finally {
                        unfinished.decrementAndGet();
                    }
                });
            } catch (RejectedExecutionException e) {
                unfinished.decrementAndGet();
                throw e;
            }
        }

        boolean idle() {
            return unfinished.get() == 0;
        }
    }
}
