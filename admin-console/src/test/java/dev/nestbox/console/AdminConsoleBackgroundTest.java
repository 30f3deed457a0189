package dev.nestbox.console;

import dev.nestbox.application.port.in.HostingView;
import dev.nestbox.domain.hosting.ProvisioningStep;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** With the console's own worker threads, as in production: I/O off the FX thread, and a table that keeps up. */
@ExtendWith(ApplicationExtension.class)
class AdminConsoleBackgroundTest {
    private final FakeUseCases fake = new FakeUseCases()
            .with(Samples.provisioning(1, "alice", 11, ProvisioningStep.START_VM, Duration.ofMinutes(1)));
    private AdminConsole console;

    @Start
    void start(Stage stage) {
        console = new AdminConsole(fake, fake, fake, fake, Duration.ofMillis(200));
        stage.setScene(console.createScene());
        stage.show();
    }

    @AfterEach
    void stop() {
        console.stop();
    }

    @Test
    void use_cases_run_off_the_fx_thread_and_auto_refresh_picks_up_changes(FxRobot robot) throws TimeoutException {
        waitFor(() -> table(robot).getItems().size() == 1);

        fake.with(Samples.running(1, "alice", 11, Duration.ofMinutes(1)),
                Samples.pending(2, "bob", 12, Duration.ofSeconds(1)));
        waitFor(() -> table(robot).getItems().size() == 2);

        assertThat(fake.callingThreads).isNotEmpty().allMatch(name -> name.startsWith("nestbox-console-"));
    }

    @Test
    void turning_auto_refresh_off_stops_the_polling(FxRobot robot) throws TimeoutException {
        waitFor(() -> table(robot).getItems().size() == 1);
        robot.clickOn("#auto-refresh");
        WaitForAsyncUtils.sleep(300, TimeUnit.MILLISECONDS);
        int calls = fake.listCalls.get();

        WaitForAsyncUtils.sleep(700, TimeUnit.MILLISECONDS);
        assertThat(fake.listCalls.get()).isEqualTo(calls);
    }

    @SuppressWarnings("unchecked")
    private static TableView<HostingView> table(FxRobot robot) {
        return robot.lookup("#hostings").queryAs(TableView.class);
    }

    private static void waitFor(java.util.concurrent.Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition);
    }

}
