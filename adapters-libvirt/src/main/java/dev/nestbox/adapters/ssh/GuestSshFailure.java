package dev.nestbox.adapters.ssh;

import dev.nestbox.application.port.out.DependencyFailure;

/** The guest (or the platform's own SSH material for reaching it) failed; the family of this adapter. */
public class GuestSshFailure extends DependencyFailure {
    static final String DEPENDENCY = "guest";

    GuestSshFailure(String message, Throwable cause) {
        super(DEPENDENCY, message, cause);
    }

    GuestSshFailure(String message) {
        super(DEPENDENCY, message);
    }
}
