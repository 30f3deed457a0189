package dev.nestbox.adapters.ssh;

/** The guest's set-up command ran and exited non-zero; {@code stderr} is what it said, made safe to log. */
public final class GuestSetupFailed extends GuestSshFailure {
    private final String site;
    private final int exitStatus;
    private final String stderr;

    GuestSetupFailed(String site, int exitStatus, String stderr) {
        super("set-up of site " + site + " failed on its guest (exit status " + exitStatus + ")"
                + (stderr.isEmpty() ? "" : ": " + stderr));
        this.site = site;
        this.exitStatus = exitStatus;
        this.stderr = stderr;
    }

    public String site() {
        return site;
    }

    /** -1 when the command ended without an exit status (killed by a signal, or the connection dropped). */
    public int exitStatus() {
        return exitStatus;
    }

    public String stderr() {
        return stderr;
    }
}
