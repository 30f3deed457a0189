package dev.nestbox.console;

import dev.nestbox.application.port.in.HostingView;
import dev.nestbox.application.port.in.OrphanReport;
import dev.nestbox.application.port.out.DependencyFailure;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.HostingStatus;
import dev.nestbox.domain.hosting.ProvisioningStep;
import dev.nestbox.domain.hosting.SiteName;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class AdminConsoleTest {
    private final FakeUseCases fake = new FakeUseCases()
            .with(Samples.running(1, "alice", 11, Duration.ofDays(3)),
                    Samples.onPlan(Samples.running(2, "bob", 12, Duration.ofHours(5)), Samples.DEBIAN),
                    Samples.provisioning(3, "carol", 13, ProvisioningStep.WAIT_SSH, Duration.ofMinutes(2)),
                    Samples.failed(4, "dave", 14, ProvisioningStep.CONFIGURE_GUEST, "guest did not answer on SSH",
                            Duration.ofHours(1)),
                    Samples.pending(5, "erin", 15, Duration.ofSeconds(20)))
            .withOrphans(new OrphanReport(List.of(SiteName.of("ghost-1"), SiteName.of("old-blog")), List.of(
                    new OrphanReport.Orphan("machine", "nestbox-ghost-1", SiteName.of("ghost-1"), Optional.empty()),
                    new OrphanReport.Orphan("disk", "old-blog.9.qcow2", SiteName.of("old-blog"),
                            Optional.of(new HostingId(9)))), 3,
                    Optional.of(Samples.NOW.minusSeconds(60))));
    private AdminConsole console;

    @Start
    void start(Stage stage) {
        // Same-thread executor: each use case answers before the next FX event, so tests need no sleeps.
        console = new AdminConsole(fake.useCases(), Runnable::run, Samples.CLOCK, Duration.ZERO);
        stage.setScene(console.createScene());
        stage.show();
    }

    @AfterEach
    void stop() {
        console.stop();
    }

    @Test
    void the_table_lists_every_hosting_with_its_columns(FxRobot robot) {
        TableView<HostingView> table = table(robot);
        assertThat(table.getItems()).extracting(v -> v.hosting().site().value())
                .containsExactly("alice", "bob", "carol", "dave", "erin");
        assertThat(table.getColumns()).extracting(c -> c.getText()).containsExactly(
                "Site", "Owner id", "Status", "Address", "SSH port", "Plan", "Created", "Ready", "Failure reason",
                "Web URL");
        assertThat(cell(robot, "guest did not answer on SSH")).isNotNull();
        assertThat(cell(robot, "https://sites.example.net/alice/")).isNotNull();
        assertThat(cell(robot, "10.77.0.11")).isNotNull();
        assertThat(text(robot, "#status-total")).isEqualTo("5 hostings");
        assertThat(text(robot, "#status-count-running")).isEqualTo("2 running");
        assertThat(text(robot, "#status-count-failed")).isEqualTo("1 failed");
        assertThat(text(robot, "#status-refreshed")).isEqualTo("Refreshed 13:35:00");
    }

    @Test
    void typing_in_the_search_field_filters_the_table(FxRobot robot) {
        robot.clickOn("#search").write("answer");
        assertThat(sites(robot)).containsExactly("dave");

        robot.eraseText(6).write("wait_ssh");
        assertThat(sites(robot)).containsExactly("carol");

        robot.eraseText(8).write("10.77.0.12");
        assertThat(sites(robot)).containsExactly("bob");

        robot.type(KeyCode.ESCAPE);
        assertThat(sites(robot)).hasSize(5);
    }

    @Test
    void the_status_filter_narrows_to_one_status(FxRobot robot) {
        @SuppressWarnings("unchecked")
        ComboBox<Optional<HostingStatus>> statusFilter = robot.lookup("#status-filter").queryAs(ComboBox.class);
        robot.interact(() -> statusFilter.setValue(Optional.of(HostingStatus.RUNNING)));
        assertThat(sites(robot)).containsExactly("alice", "bob");

        robot.clickOn("#search").write("bob");
        assertThat(sites(robot)).containsExactly("bob");
    }

    @Test
    void the_plan_filter_offers_the_plans_listed_and_narrows_to_one(FxRobot robot) {
        assertThat(cell(robot, "debian-12")).isNotNull();
        @SuppressWarnings("unchecked")
        ComboBox<Optional<String>> planFilter = robot.lookup("#plan-filter").queryAs(ComboBox.class);
        assertThat(planFilter.getItems())
                .containsExactly(Optional.empty(), Optional.of("debian-12"), Optional.of("micro"));
        robot.interact(() -> planFilter.setValue(Optional.of("debian-12")));
        assertThat(sites(robot)).containsExactly("bob");

        robot.interact(() -> planFilter.setValue(Optional.of("micro")));
        assertThat(sites(robot)).containsExactly("alice", "carol", "dave", "erin");

        robot.clickOn("#refresh");
        assertThat(planFilter.getValue()).contains("micro");
        assertThat(sites(robot)).containsExactly("alice", "carol", "dave", "erin");

        robot.interact(() -> planFilter.setValue(Optional.empty()));
        assertThat(sites(robot)).hasSize(5);
    }

    @Test
    void the_details_show_the_plan_and_its_machine(FxRobot robot) {
        robot.clickOn(cell(robot, "bob"));

        assertThat(field(robot, "#detail-plan")).isEqualTo("debian-12");
        assertThat(field(robot, "#detail-image")).isEqualTo("debian-12");
        assertThat(field(robot, "#detail-memory")).isEqualTo("512 MiB");
        assertThat(field(robot, "#detail-vcpus")).isEqualTo("1");
        assertThat(field(robot, "#detail-disk")).isEqualTo("4 GiB");

        robot.clickOn(cell(robot, "alice"));
        assertThat(field(robot, "#detail-plan")).isEqualTo("micro");
        assertThat(field(robot, "#detail-memory")).isEqualTo("128 MiB");
        assertThat(field(robot, "#detail-disk")).isEqualTo("1 GiB");
    }

    @Test
    void selecting_a_hosting_inspects_it_and_shows_everything(FxRobot robot) {
        robot.clickOn(cell(robot, "carol"));

        assertThat(fake.inspected).containsExactly(SiteName.of("carol"));
        assertThat(text(robot, "#detail-site")).isEqualTo("carol");
        assertThat(text(robot, "#detail-status")).isEqualTo("provisioning");
        assertThat(field(robot, "#detail-step")).isEqualTo("wait_ssh (step 3 of 6)");
        assertThat(field(robot, "#detail-ssh-command")).isEqualTo("ssh -p 2203 web@nestbox.example.net");
        assertThat(field(robot, "#detail-sftp-command")).isEqualTo("sftp -P 2203 web@nestbox.example.net");
        assertThat(field(robot, "#detail-owner")).isEqualTo("13");
        assertThat(field(robot, "#detail-address")).isEqualTo("10.77.0.13");
        assertThat(field(robot, "#detail-created")).isEqualTo("2026-11-25 13:33:00  (2 min ago)");
        assertThat(field(robot, "#detail-ready")).isEqualTo("not yet");
        assertThat(robot.lookup("#force-delete").queryButton().isDisabled()).isFalse();
    }

    @Test
    void a_failed_hosting_shows_why(FxRobot robot) {
        robot.clickOn(cell(robot, "dave"));

        assertThat(text(robot, "#detail-failure")).isEqualTo("Failed: guest did not answer on SSH");
        assertThat(field(robot, "#detail-step")).isEqualTo("stopped at configure_guest (step 4 of 6)");
    }

    @Test
    void force_delete_refuses_a_wrong_site_name_then_deletes_the_right_one_and_refreshes(FxRobot robot) {
        robot.clickOn(cell(robot, "bob"));
        int listsBefore = fake.listCalls.get();

        robot.clickOn("#force-delete");
        Button confirm = robot.lookup("#confirm-delete").queryButton();
        assertThat(confirm.isDisabled()).isTrue();

        robot.clickOn("#confirm-site").write("bobby");
        assertThat(confirm.isDisabled()).isTrue();
        assertThat(text(robot, "#confirm-hint")).isEqualTo("That is not bob.");
        robot.type(KeyCode.ENTER);
        assertThat(robot.lookup("#force-delete-dialog").tryQuery()).isPresent();
        assertThat(fake.deleted).isEmpty();

        robot.eraseText(2);
        assertThat(confirm.isDisabled()).isFalse();
        robot.clickOn(confirm);

        assertThat(fake.deleted).containsExactly(SiteName.of("bob"));
        assertThat(robot.lookup("#force-delete-dialog").tryQuery()).isEmpty();
        assertThat(fake.listCalls.get()).isGreaterThan(listsBefore);
        assertThat(sites(robot)).containsExactly("alice", "carol", "dave", "erin");
        assertThat(text(robot, "#notice-text")).startsWith("Deleted bob");
        assertThat(text(robot, "#detail-site")).isEqualTo("No hosting selected");
    }

    @Test
    void cancelling_the_confirmation_deletes_nothing(FxRobot robot) {
        robot.clickOn(cell(robot, "alice"));
        robot.clickOn("#force-delete");
        robot.clickOn("#confirm-site").write("alice");
        robot.type(KeyCode.ESCAPE);

        assertThat(robot.lookup("#force-delete-dialog").tryQuery()).isEmpty();
        assertThat(fake.deleted).isEmpty();
        assertThat(sites(robot)).contains("alice");
    }

    @Test
    void the_keyboard_reaches_search_refresh_and_force_delete(FxRobot robot) {
        robot.clickOn(cell(robot, "alice"));
        robot.press(KeyCode.CONTROL).press(KeyCode.F).release(KeyCode.F).release(KeyCode.CONTROL);
        assertThat(robot.lookup("#search").query().isFocused()).isTrue();

        int listsBefore = fake.listCalls.get();
        robot.type(KeyCode.F5);
        assertThat(fake.listCalls.get()).isEqualTo(listsBefore + 1);

        robot.write("erin").type(KeyCode.DOWN);
        assertThat(table(robot).isFocused()).isTrue();
        assertThat(text(robot, "#detail-site")).isEqualTo("erin");

        robot.type(KeyCode.DELETE);
        assertThat(robot.lookup("#confirm-site").query().isFocused()).isTrue();
        // Monocle moves window focus only on a click; a real desktop focuses the dialog on its own.
        robot.clickOn("#confirm-site").write("erin").type(KeyCode.ENTER);
        assertThat(fake.deleted).containsExactly(SiteName.of("erin"));
    }

    @Test
    void deleting_a_hosting_that_is_already_gone_says_so(FxRobot robot) {
        robot.clickOn(cell(robot, "carol"));
        robot.clickOn("#force-delete");
        fake.remove("carol");
        robot.clickOn("#confirm-site").write("carol").clickOn("#confirm-delete");

        assertThat(text(robot, "#notice-text")).isEqualTo("carol was already gone: nothing was deleted.");
        assertThat(sites(robot)).doesNotContain("carol");
    }

    @Test
    void a_failing_force_delete_shows_the_error_and_leaves_the_console_usable(FxRobot robot) {
        fake.failDelete(new DependencyFailure("hypervisor", "libvirt connection refused"));
        robot.clickOn(cell(robot, "dave"));
        robot.clickOn("#force-delete").clickOn("#confirm-site").write("dave").clickOn("#confirm-delete");

        assertThat(text(robot, "#notice-text"))
                .startsWith("Could not force delete dave: the hypervisor is unavailable (libvirt connection refused)");
        assertThat(sites(robot)).contains("dave");

        robot.clickOn(cell(robot, "alice"));
        assertThat(text(robot, "#detail-site")).isEqualTo("alice");
        assertThat(robot.lookup("#force-delete").queryButton().isDisabled()).isFalse();
    }

    @Test
    void a_failing_list_keeps_the_last_rows_and_shows_the_error_until_it_recovers(FxRobot robot) {
        fake.failList(new DependencyFailure("database", "connection refused"));
        robot.clickOn("#refresh");

        assertThat(text(robot, "#status-error"))
                .isEqualTo("⚠ Could not list hostings: the database is unavailable (connection refused)");
        assertThat(sites(robot)).hasSize(5);

        fake.failList(null);
        robot.clickOn("#refresh");
        assertThat(robot.lookup("#status-error").query().isVisible()).isFalse();
    }

    @Test
    void any_exception_from_inspect_is_shown_in_the_details(FxRobot robot) {
        fake.failInspect(new IllegalStateException("boom"));
        robot.clickOn(cell(robot, "alice"));

        assertThat(text(robot, "#detail-message")).isEqualTo("Could not inspect alice (boom)");
        assertThat(text(robot, "#status-error")).isEqualTo("⚠ Could not inspect alice (boom)");

        fake.failInspect(null);
        robot.clickOn(cell(robot, "bob"));
        assertThat(field(robot, "#detail-ssh-command")).isEqualTo("ssh -p 2202 web@nestbox.example.net");
    }

    @Test
    void orphan_machines_are_listed_with_the_last_check_and_route_fixes(FxRobot robot) {
        @SuppressWarnings("unchecked")
        ListView<String> orphans = robot.lookup("#orphans-list").queryAs(ListView.class);
        assertThat(orphans.getItems()).containsExactly(
                "ghost-1: machine nestbox-ghost-1, no hosting recorded",
                "old-blog: disk old-blog.9.qcow2, made for hosting 9");
        assertThat(text(robot, "#orphans-count")).isEqualTo("2");
        assertThat(text(robot, "#orphans-summary"))
                .isEqualTo("Last check 2026-11-25 13:34:00 (1 min ago) · 3 route fixes");
    }

    @Test
    void a_failing_orphan_report_is_shown_in_its_panel(FxRobot robot) {
        fake.failOrphans(new RuntimeException());
        robot.clickOn("#refresh");

        assertThat(text(robot, "#orphans-error")).isEqualTo("Could not report orphan machines (RuntimeException)");
        assertThat(sites(robot)).hasSize(5);
    }

    @SuppressWarnings("unchecked")
    private static TableView<HostingView> table(FxRobot robot) {
        return robot.lookup("#hostings").queryAs(TableView.class);
    }

    private static List<String> sites(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        return table(robot).getItems().stream().map(v -> v.hosting().site().value()).toList();
    }

    private static Node cell(FxRobot robot, String text) {
        return robot.from(table(robot)).lookup((Node node) -> node instanceof TableCell<?, ?> cell
                && text.equals(cell.getText())).query();
    }

    private static String text(FxRobot robot, String query) {
        WaitForAsyncUtils.waitForFxEvents();
        return robot.lookup(query).queryAs(Labeled.class).getText();
    }

    private static String field(FxRobot robot, String query) {
        WaitForAsyncUtils.waitForFxEvents();
        return robot.lookup(query).queryAs(TextField.class).getText();
    }

}
