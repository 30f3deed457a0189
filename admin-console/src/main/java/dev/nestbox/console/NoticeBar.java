package dev.nestbox.console;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A dismissable line under the toolbar telling how an action the operator started came out. */
final class NoticeBar {
    enum Kind { INFO, SUCCESS, WARNING, ERROR }

    private final HBox root = new HBox(10);
    private final Label text = new Label();

    NoticeBar() {
        root.setId("notice");
        root.getStyleClass().add("notice");
        root.setAlignment(Pos.CENTER_LEFT);
        text.setId("notice-text");
        text.setWrapText(true);
        text.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(text, Priority.ALWAYS);
        Button dismiss = new Button("Dismiss");
        dismiss.setId("notice-dismiss");
        dismiss.getStyleClass().add("flat");
        dismiss.setOnAction(e -> clear());
        root.getChildren().addAll(text, dismiss);
        clear();
    }

    Node node() {
        return root;
    }

    void show(Kind kind, String message) {
        List<String> kinds = Arrays.stream(Kind.values()).map(NoticeBar::styleClass).toList();
        root.getStyleClass().removeAll(kinds);
        root.getStyleClass().add(styleClass(kind));
        text.setText(message);
        root.setVisible(true);
        root.setManaged(true);
    }

    void clear() {
        text.setText(null);
        root.setVisible(false);
        root.setManaged(false);
    }

    String message() {
        return text.getText();
    }

    private static String styleClass(Kind kind) {
        return "notice-" + kind.name().toLowerCase(Locale.ROOT);
    }
}
