package dev.nestbox.console;

import dev.nestbox.application.port.in.HostingView;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.SiteName;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.event.ActionEvent;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Window;

import java.util.Optional;

/**
 * Nothing is destroyed until the operator has typed the site's name: a slip of the mouse on the wrong row cannot
 * delete a customer's site.
 */
final class ForceDeleteDialog {
    static final ButtonType DELETE = new ButtonType("Force delete", ButtonBar.ButtonData.OK_DONE);

    private final Dialog<SiteName> dialog = new Dialog<>();
    private final TextField typed = new TextField();
    private final SiteName site;

    ForceDeleteDialog(Window owner, HostingView target, String stylesheet) {
        Hosting hosting = target.hosting();
        this.site = hosting.site();
        dialog.initOwner(owner);
        dialog.initModality(Modality.WINDOW_MODAL);
        dialog.setTitle("Force delete " + site.value());
        dialog.setHeaderText("Force delete " + site.value() + "?");
        dialog.getDialogPane().setId("force-delete-dialog");
        dialog.getDialogPane().getStylesheets().add(stylesheet);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, DELETE);

        Label warning = new Label("This destroys the machine, its disk and its routes, whatever state the hosting "
                + "is in (now " + hosting.status().label() + "). "
                + hosting.owner().map(o -> "Owner " + o.value() + " loses the site at " + target.webUrl() + ".")
                        .orElse("No one owns it yet: it is a spare of the warm pool.") + " It cannot be undone.");
        warning.setWrapText(true);
        warning.getStyleClass().add("warning-text");
        Label prompt = new Label("Type the site name, " + site.value() + ", to confirm:");
        prompt.setLabelFor(typed);
        typed.setId("confirm-site");
        typed.setPromptText(site.value());
        typed.setAccessibleText("Site name to confirm deletion");
        Label hint = new Label();
        hint.setId("confirm-hint");
        hint.getStyleClass().add("hint");

        VBox content = new VBox(10, warning, prompt, typed, hint);
        content.setPrefWidth(460);
        dialog.getDialogPane().setContent(content);

        BooleanBinding matches = Bindings.createBooleanBinding(() -> site.value().equals(typed.getText()),
                typed.textProperty());
        hint.textProperty().bind(Bindings.createStringBinding(() -> hintFor(typed.getText()), typed.textProperty()));
        Node deleteButton = dialog.getDialogPane().lookupButton(DELETE);
        deleteButton.setId("confirm-delete");
        deleteButton.getStyleClass().add("danger");
        deleteButton.disableProperty().bind(matches.not());
        // Belt and braces: the button is disabled on a mismatch, but Enter must never get past a wrong name either.
        deleteButton.addEventFilter(ActionEvent.ACTION, event -> {
            if (!matches.get()) {
                event.consume();
            }
        });
        dialog.setResultConverter(button -> button == DELETE && matches.get() ? site : null);
        dialog.setOnShown(e -> Platform.runLater(() -> {
            dialog.getDialogPane().getScene().getWindow().requestFocus();
            typed.requestFocus();
        }));
    }

    /** Blocks, in a nested event loop, until the operator confirms or cancels. */
    Optional<SiteName> ask() {
        return dialog.showAndWait();
    }

    private String hintFor(String text) {
        if (text == null || text.isEmpty()) {
            return "The Force delete button unlocks when the name matches.";
        }
        if (text.equals(site.value())) {
            return "Name matches. Force delete will start immediately.";
        }
        return site.value().startsWith(text) ? "Keep typing…" : "That is not " + site.value() + ".";
    }
}
