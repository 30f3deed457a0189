package dev.nestbox.adapters.nginx;

/**
 * Told about every reload of nginx, for monitoring. Called on the thread that applies changes: it must be quick
 * and must not throw.
 */
public interface ReloadListener {
    /** Hears nothing. */
    ReloadListener NONE = new ReloadListener() {
    };

    /** nginx took the new configuration. */
    default void reloaded() {
    }

    /** The reload failed: nginx keeps its old configuration until the next reload. */
    default void reloadFailed() {
    }
}
