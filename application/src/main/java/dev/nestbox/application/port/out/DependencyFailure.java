package dev.nestbox.application.port.out;

/**
 * An outside system (database, hypervisor, proxy, guest) failed. Each adapter throws its own subclass; the
 * edges turn the family into "503, try again" for users and a stack trace in the log.
 */
public class DependencyFailure extends RuntimeException {
    private final String dependency;

    public DependencyFailure(String dependency, String message, Throwable cause) {
        super(message, cause);
        this.dependency = dependency;
    }

    public DependencyFailure(String dependency, String message) {
        this(dependency, message, null);
    }

    /** A short name of the outside system: "database", "hypervisor", "reverse proxy", "guest". */
    public String dependency() {
        return dependency;
    }
}
