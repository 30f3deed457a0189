package dev.nestbox.console;

import dev.nestbox.application.port.out.DependencyFailure;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One line an operator can act on, for whatever a use case threw; the stack trace goes to the log only. */
final class Failures {
    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

    private Failures() {
    }

    /** {@code action} reads as what was tried: "Could not list hostings". */
    static String describe(String action, Throwable failure) {
        Throwable cause = unwrap(failure);
        LOG.warn(action, cause);
        if (cause instanceof DependencyFailure dependencyFailure) {
            return action + ": the " + dependencyFailure.dependency() + " is unavailable" + detail(cause);
        }
        return action + detail(cause);
    }

    private static String detail(Throwable cause) {
        String message = cause.getMessage();
        if (message == null || message.isBlank()) {
            return cause instanceof DependencyFailure ? "" : " (" + cause.getClass().getSimpleName() + ")";
        }
        return " (" + message.strip() + ")";
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
