package dev.nestbox.console;

import dev.nestbox.application.port.in.OrphanReport;
import dev.nestbox.domain.hosting.ProvisioningStep;
import dev.nestbox.domain.hosting.SiteName;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TableCell;
import javafx.scene.image.PixelFormat;
import javafx.scene.input.KeyCode;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Renders the main window with a realistic host's worth of hostings to target/screenshots/console.png. */
@ExtendWith(ApplicationExtension.class)
class ConsoleScreenshotTest {
    static final Path SCREENSHOT = Path.of("target", "screenshots", "console.png");

    private final FakeUseCases fake = new FakeUseCases()
            .with(Samples.onPlan(Samples.running(1, "alice", 101, Duration.ofDays(41)), Samples.DEBIAN),
                    Samples.running(2, "bakery-bob", 102, Duration.ofDays(12)),
                    Samples.provisioning(3, "carol-photos", 103, ProvisioningStep.CONFIGURE_GUEST, Duration.ofMinutes(3)),
                    Samples.failed(4, "dave", 104, ProvisioningStep.WAIT_SSH,
                            "guest did not answer on SSH within 180 s", Duration.ofHours(2)),
                    Samples.running(5, "erin-portfolio", 105, Duration.ofDays(6)),
                    Samples.pending(6, "frank", 106, Duration.ofSeconds(8)),
                    Samples.running(7, "gallery-42", 107, Duration.ofHours(30)),
                    Samples.deleting(8, "old-shop", 108, Duration.ofDays(90)),
                    Samples.onPlan(Samples.running(9, "judo-club", 109, Duration.ofDays(3)), Samples.DEBIAN),
                    Samples.failed(10, "kim-blog", 110, ProvisioningStep.CREATE_DISK,
                            "hypervisor: not enough free memory", Duration.ofMinutes(40)))
            .withOrphans(new OrphanReport(List.of(SiteName.of("ghost-7"), SiteName.of("test-vm-old")), 4,
                    Optional.of(Samples.NOW.minusSeconds(42))));
    private AdminConsole console;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        console = new AdminConsole(fake.useCases(), Runnable::run, Samples.CLOCK, Duration.ofSeconds(5));
        stage.setScene(console.createScene());
        stage.show();
    }

    @AfterEach
    void stop() {
        console.stop();
    }

    @Test
    void saves_a_screenshot_of_the_main_window(FxRobot robot) throws IOException {
        Node alice = robot.from(robot.lookup("#hostings").<Node>query())
                .lookup((Node node) -> node instanceof TableCell<?, ?> cell && "alice".equals(cell.getText())).query();
        robot.clickOn(alice);
        WaitForAsyncUtils.waitForFxEvents();

        AtomicReference<WritableImage> image = new AtomicReference<>();
        robot.interact(() -> {
            Scene scene = stage.getScene();
            image.set(scene.snapshot(null));
        });
        write(image.get(), SCREENSHOT);

        assertThat(SCREENSHOT).exists();
        assertThat(image.get().getWidth()).isEqualTo(1440);
    }

    @Test
    void saves_a_screenshot_of_the_force_delete_confirmation(FxRobot robot) throws IOException {
        Node dave = robot.from(robot.lookup("#hostings").<Node>query())
                .lookup((Node node) -> node instanceof TableCell<?, ?> cell && "dave".equals(cell.getText())).query();
        robot.clickOn(dave).clickOn("#force-delete").clickOn("#confirm-site").write("dav");

        AtomicReference<WritableImage> image = new AtomicReference<>();
        robot.interact(() -> image.set(robot.lookup("#force-delete-dialog").query().getScene().snapshot(null)));
        write(image.get(), SCREENSHOT.resolveSibling("force-delete.png"));
        robot.type(KeyCode.ESCAPE);

        assertThat(fake.deleted).isEmpty();
    }

    static void write(WritableImage image, Path file) throws IOException {
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        int[] argb = new int[width * height];
        image.getPixelReader().getPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), argb, 0, width);
        BufferedImage png = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        png.setRGB(0, 0, width, height, argb, 0, width);
        Files.createDirectories(file.getParent());
        ImageIO.write(png, "png", file.toFile());
    }
}
