package dev.nestbox.console;

import javafx.application.Platform;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Runs use cases away from the FX thread, because they do I/O, and hands their answer back on it. Whatever a use
 * case throws reaches {@code onFailure}: the UI never sees an exception escape.
 */
final class Background {
    private final Executor executor;

    Background(Executor executor) {
        this.executor = executor;
    }

    <T> void run(Callable<T> work, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure) {
        try {
            executor.execute(() -> {
                T result;
                try {
                    result = work.call();
                } catch (VirtualMachineError fatal) {
                    throw fatal;
                } catch (Throwable failure) {
                    Platform.runLater(() -> onFailure.accept(failure));
                    return;
                }
                Platform.runLater(() -> onSuccess.accept(result));
            });
        } catch (RejectedExecutionException shuttingDown) {
            // The console is closing; nobody is left to show the answer to.
        }
    }
}
