package dev.nestbox.adapters.os;

import java.util.Objects;

/**
 * How a finished command ended: its exit code and the end of what it printed (each stream keeps its last
 * {@link ProcessRunner#CAPTURE_LIMIT} bytes).
 */
public record ProcessResult(int exitCode, String stdout, String stderr) {
    public ProcessResult {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** Both streams, stdout first, stripped; what to show a person when the command complained. */
    public String output() {
        return joined(stdout, stderr);
    }

    static String joined(String stdout, String stderr) {
        String out = stdout.strip();
        String err = stderr.strip();
        if (out.isEmpty()) {
            return err;
        }
        return err.isEmpty() ? out : out + "\n" + err;
    }
}
