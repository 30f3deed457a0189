package dev.nestbox.adapters.os;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Why a command gave no usable result. Checked, so each adapter maps it to its own failure family and keeps its own
 * user-facing words; the subclasses say which case it was.
 */
public abstract sealed class ProcessFailure extends Exception {
    private final List<String> command;

    private ProcessFailure(List<String> command, String message, Throwable cause) {
        super(message, cause);
        this.command = List.copyOf(command);
    }

    public List<String> command() {
        return command;
    }

    /** The command as one line, for messages. */
    public String commandLine() {
        return String.join(" ", command);
    }

    /** The program could not be started: missing, not executable, or the system refused to fork. */
    public static final class CouldNotStart extends ProcessFailure {
        CouldNotStart(List<String> command, IOException cause) {
            super(command, "cannot start " + String.join(" ", command) + ": " + cause.getMessage(), cause);
        }
    }

    /** The command ran past its timeout; it and everything it started were killed. */
    public static final class TimedOut extends ProcessFailure {
        private final Duration timeout;
        private final String output;

        TimedOut(List<String> command, Duration timeout, String output) {
            super(command, String.join(" ", command) + " did not finish within " + timeout, null);
            this.timeout = timeout;
            this.output = output;
        }

        public Duration timeout() {
            return timeout;
        }

        /** What it printed before it was killed. */
        public String output() {
            return output;
        }
    }

    /** The command finished with a non-zero exit code. */
    public static final class ExitedNonZero extends ProcessFailure {
        private final ProcessResult result;

        ExitedNonZero(List<String> command, ProcessResult result) {
            super(command, String.join(" ", command) + " failed with exit code " + result.exitCode()
                    + (result.output().isEmpty() ? "" : ": " + result.output()), null);
            this.result = result;
        }

        public ProcessResult result() {
            return result;
        }
    }

    /** The waiting thread was interrupted; the command was killed and the thread's interrupt flag is set again. */
    public static final class Interrupted extends ProcessFailure {
        Interrupted(List<String> command, InterruptedException cause) {
            super(command, "interrupted while running " + String.join(" ", command), cause);
        }
    }
}
