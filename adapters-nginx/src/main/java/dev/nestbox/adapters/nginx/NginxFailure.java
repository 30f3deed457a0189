package dev.nestbox.adapters.nginx;

import dev.nestbox.application.port.out.DependencyFailure;

/** Anything that went wrong while driving nginx or reading the host's ports: this adapter's exception family. */
public class NginxFailure extends DependencyFailure {
    static final String REVERSE_PROXY = "reverse proxy";

    NginxFailure(String dependency, String message, Throwable cause) {
        super(dependency, message, cause);
    }

    NginxFailure(String message, Throwable cause) {
        this(REVERSE_PROXY, message, cause);
    }

    NginxFailure(String message) {
        this(REVERSE_PROXY, message, null);
    }
}
