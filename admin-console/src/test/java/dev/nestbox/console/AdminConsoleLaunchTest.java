package dev.nestbox.console;

import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link AdminConsole#launch} as the composition root calls it: blocking until the operator closes the window. */
class AdminConsoleLaunchTest {

    @Test
    void launch_opens_a_window_titled_nestbox_admin_and_returns_when_it_closes() throws Exception {
        FxToolkit.registerPrimaryStage();
        FakeUseCases fake = new FakeUseCases().with(Samples.running(1, "alice", 11, Duration.ofDays(1)));
        AdminConsole console = new AdminConsole(fake, fake, fake, fake);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread launcher = new Thread(() -> {
            try {
                AdminConsole.launch(console);
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "launcher");
        launcher.start();

        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> consoleWindow().isPresent());
        Stage stage = consoleWindow().orElseThrow();
        assertThat(stage.getTitle()).isEqualTo("Nestbox admin");
        assertThat(launcher.isAlive()).isTrue();

        Platform.runLater(stage::close);
        launcher.join(10_000);
        assertThat(launcher.isAlive()).isFalse();
        assertThat(failure.get()).isNull();
        assertThat(fake.listCalls.get()).isPositive();
    }

    @Test
    void launch_refuses_the_fx_thread_it_would_block() throws Exception {
        FxToolkit.registerPrimaryStage();
        FakeUseCases fake = new FakeUseCases();
        AdminConsole console = new AdminConsole(fake, fake, fake, fake);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        WaitForAsyncUtils.asyncFx(() -> {
            try {
                AdminConsole.launch(console);
            } catch (Throwable e) {
                thrown.set(e);
            }
        }).get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> {
            throw thrown.get();
        }).isInstanceOf(IllegalStateException.class);
        console.stop();
    }

    private static Optional<Stage> consoleWindow() {
        return Window.getWindows().stream()
                .filter(Stage.class::isInstance).map(Stage.class::cast)
                .filter(stage -> AdminConsole.TITLE.equals(stage.getTitle()) && stage.isShowing())
                .findFirst();
    }
}
