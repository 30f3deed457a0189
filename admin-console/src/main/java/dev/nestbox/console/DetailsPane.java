package dev.nestbox.console;

import dev.nestbox.application.port.in.HostingView;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.HostingStatus;
import dev.nestbox.domain.hosting.ProvisioningStep;
import dev.nestbox.domain.hosting.SiteName;
import dev.nestbox.domain.plan.Plan;
import javafx.animation.PauseTransition;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.DataFormat;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the inspect use case knows about one hosting, with the commands an operator copies most. Values are
 * read-only text fields so any of them can be selected and copied.
 */
final class DetailsPane {
    private static final int LAST_REAL_STEP = ProvisioningStep.PUBLISH_ROUTES.ordinal();

    private final ConsoleTime time;
    private final VBox root = new VBox();
    private final Label site = new Label();
    private final Label status = new Label();
    private final Label message = new Label();
    private final GridPane grid = new GridPane();
    private final Label failure = new Label();
    private final Button forceDelete = new Button("_Force delete…");

    private final TextField step = value("detail-step");
    private final TextField owner = value("detail-owner");
    private final TextField hostingId = value("detail-id");
    private final TextField address = value("detail-address");
    private final TextField sshPort = value("detail-ssh-port");
    private final TextField plan = value("detail-plan");
    private final TextField image = value("detail-image");
    private final TextField memory = value("detail-memory");
    private final TextField vcpus = value("detail-vcpus");
    private final TextField disk = value("detail-disk");
    private final TextField webUrl = value("detail-web-url");
    private final TextField sshHost = value("detail-ssh-host");
    private final TextField sshCommand = value("detail-ssh-command");
    private final TextField sftpCommand = value("detail-sftp-command");
    private final TextField sshKey = value("detail-ssh-key");
    private final TextField created = value("detail-created");
    private final TextField updated = value("detail-updated");
    private final TextField ready = value("detail-ready");

    private HostingView shown;

    DetailsPane(ConsoleTime time) {
        this.time = time;
        root.setId("details");
        root.getStyleClass().add("details");

        site.setId("detail-site");
        site.getStyleClass().add("details-title");
        status.setId("detail-status");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(10, site, status, spacer, forceDelete);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("details-header");

        forceDelete.setId("force-delete");
        forceDelete.getStyleClass().add("danger");
        forceDelete.setTooltip(new Tooltip("Destroy this hosting's machine, disk and routes (Delete)"));
        forceDelete.setDisable(true);

        message.setId("detail-message");
        message.getStyleClass().add("details-message");
        message.setWrapText(true);

        failure.setId("detail-failure");
        failure.getStyleClass().add("failure-box");
        failure.setWrapText(true);
        failure.setMaxWidth(Double.MAX_VALUE);

        grid.getStyleClass().add("details-grid");
        grid.setHgap(10);
        grid.setVgap(6);
        // Two groups side by side: the machine on the left, how to reach it and when on the right.
        for (int group = 0; group < 2; group++) {
            ColumnConstraints labels = new ColumnConstraints();
            labels.setMinWidth(Region.USE_PREF_SIZE);
            ColumnConstraints values = new ColumnConstraints();
            values.setHgrow(Priority.ALWAYS);
            values.setFillWidth(true);
            values.setMinWidth(120);
            ColumnConstraints extras = new ColumnConstraints();
            extras.setMinWidth(Region.USE_PREF_SIZE);
            grid.getColumnConstraints().addAll(labels, values, extras);
        }
        int row = 0;
        row(0, row++, "Provisioning step", step);
        row(0, row++, "Owner id", owner);
        row(0, row++, "Hosting id", hostingId);
        row(0, row++, "Plan", plan);
        row(0, row++, "Image", image);
        row(0, row++, "Memory", memory);
        row(0, row++, "vCPUs", vcpus);
        row(0, row++, "Disk", disk);
        row(0, row++, "Address", address);
        row(0, row, "SSH port", sshPort);
        row = 0;
        row(1, row++, "Web URL", webUrl, copyButton("Copy web URL", webUrl));
        row(1, row++, "SSH command", sshCommand, copyButton("Copy SSH command", sshCommand));
        row(1, row++, "SFTP command", sftpCommand, copyButton("Copy SFTP command", sftpCommand));
        row(1, row++, "SSH host", sshHost);
        row(1, row++, "SSH public key", sshKey);
        row(1, row++, "Created", created);
        row(1, row++, "Updated", updated);
        row(1, row, "Ready", ready);

        ScrollPane scroll = new ScrollPane(new VBox(12, failure, grid));
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("details-scroll");
        VBox.setVgrow(scroll, Priority.ALWAYS);
        root.getChildren().addAll(header, message, scroll);
        showNothing();
    }

    Node node() {
        return root;
    }

    Button forceDeleteButton() {
        return forceDelete;
    }

    Optional<HostingView> shown() {
        return Optional.ofNullable(shown);
    }

    void showNothing() {
        shown = null;
        site.setText("No hosting selected");
        StatusBadge.show(status, null);
        say("Select a hosting in the table to inspect it.");
        setValuesVisible(false);
    }

    void showLoading(SiteName name) {
        shown = null;
        site.setText(name.value());
        StatusBadge.show(status, null);
        say("Inspecting " + name.value() + "…");
        setValuesVisible(false);
    }

    void showGone(SiteName name) {
        shown = null;
        site.setText(name.value());
        StatusBadge.show(status, null);
        say(name.value() + " no longer exists. Refresh to update the table.");
        setValuesVisible(false);
    }

    /** Keeps the last values on screen, marked stale, so a flaky dependency does not blank the pane. */
    void showFailure(SiteName name, String problem) {
        site.setText(name.value());
        say(problem + (shown != null ? " Showing the last known values." : ""));
        message.getStyleClass().add("error");
    }

    void show(HostingView view) {
        shown = view;
        Hosting hosting = view.hosting();
        site.setText(hosting.site().value());
        StatusBadge.show(status, hosting.status());
        say(null);
        step.setText(describeStep(hosting));
        owner.setText(hosting.owner().map(o -> Long.toString(o.value())).orElse("none: a warm-pool spare"));
        hostingId.setText(Long.toString(hosting.id().value()));
        address.setText(hosting.address().toString());
        sshPort.setText(Integer.toString(hosting.sshPort()));
        Plan machine = hosting.plan();
        plan.setText(machine.name());
        image.setText(machine.image());
        memory.setText(size(machine.memoryMib()));
        vcpus.setText(Integer.toString(machine.vcpus()));
        disk.setText(size(machine.diskMib()));
        webUrl.setText(view.webUrl());
        sshHost.setText(view.sshHost());
        sshCommand.setText(view.sshCommand());
        sftpCommand.setText(view.sftpCommand());
        sshKey.setText(abbreviateKey(hosting.sshPublicKey()));
        sshKey.setTooltip(new Tooltip(hosting.sshPublicKey()));
        created.setText(withAge(hosting.createdAt()));
        updated.setText(withAge(hosting.updatedAt()));
        ready.setText(hosting.readyAt().map(this::withAge).orElse("not yet"));
        failure.setText(hosting.failureReason().map(reason -> "Failed: " + reason).orElse(null));
        failure.setManaged(hosting.failureReason().isPresent());
        failure.setVisible(hosting.failureReason().isPresent());
        grid.setManaged(true);
        grid.setVisible(true);
    }

    private String withAge(Instant instant) {
        return time.timestamp(instant) + "  (" + time.ago(instant) + ")";
    }

    /** "512 MiB", "4 GiB", "1536 MiB": whole GiB when it is whole, else MiB. */
    static String size(int mib) {
        return mib >= 1024 && mib % 1024 == 0 ? mib / 1024 + " GiB" : mib + " MiB";
    }

    /** "wait_ssh (step 3 of 6)"; a failed hosting says where it stopped. */
    static String describeStep(Hosting hosting) {
        ProvisioningStep current = hosting.step();
        String label = current.label();
        if (current != ProvisioningStep.QUEUED && current != ProvisioningStep.DONE) {
            label += " (step " + current.ordinal() + " of " + LAST_REAL_STEP + ")";
        }
        if (hosting.status() == HostingStatus.FAILED) {
            return "stopped at " + label;
        }
        return label;
    }

    /** "ssh-ed25519 AAAAC3NzaC1l…Zx8s9A alice@laptop": enough to recognise a key without a wall of base64. */
    static String abbreviateKey(String key) {
        String[] parts = key.strip().split("\\s+", 3);
        if (parts.length < 2 || parts[1].length() <= 24) {
            return key.strip();
        }
        String body = parts[1].substring(0, 12) + "…" + parts[1].substring(parts[1].length() - 8);
        return parts[0] + " " + body + (parts.length == 3 ? " " + parts[2] : "");
    }

    private void say(String text) {
        message.getStyleClass().remove("error");
        message.setText(text);
        message.setManaged(text != null);
        message.setVisible(text != null);
    }

    private void setValuesVisible(boolean visible) {
        grid.setManaged(visible);
        grid.setVisible(visible);
        failure.setManaged(false);
        failure.setVisible(false);
    }

    private void row(int group, int row, String label, TextField value, Node... extras) {
        Label name = new Label(label);
        name.getStyleClass().add("field-label");
        if (group > 0) {
            name.getStyleClass().add("second-group");
        }
        name.setLabelFor(value);
        int column = group * 3;
        grid.add(name, column, row);
        grid.add(value, column + 1, row);
        for (Node extra : extras) {
            grid.add(extra, column + 2, row);
        }
    }

    private static TextField value(String id) {
        TextField field = new TextField();
        field.setId(id);
        field.setEditable(false);
        field.setFocusTraversable(false);
        field.getStyleClass().add("value");
        return field;
    }

    private static Button copyButton(String what, TextField source) {
        Button copy = new Button("Copy");
        copy.getStyleClass().add("copy");
        copy.setAccessibleText(what);
        copy.setTooltip(new Tooltip(what));
        copy.setId(source.getId() + "-copy");
        PauseTransition revert = new PauseTransition(Duration.seconds(1.5));
        revert.setOnFinished(e -> copy.setText("Copy"));
        copy.setOnAction(e -> {
            Clipboard.getSystemClipboard().setContent(Map.of(DataFormat.PLAIN_TEXT, source.getText()));
            copy.setText("Copied");
            revert.playFromStart();
        });
        return copy;
    }
}
