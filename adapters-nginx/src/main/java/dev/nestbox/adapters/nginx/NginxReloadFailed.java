package dev.nestbox.adapters.nginx;

/**
 * The configuration is valid and on disk, but nginx did not take it: it is not running, the reload command failed,
 * or no new workers appeared. The next change or reconciliation reloads again.
 */
public final class NginxReloadFailed extends NginxFailure {
    NginxReloadFailed(String message, Throwable cause) {
        super(message, cause);
    }

    NginxReloadFailed(String message) {
        super(message);
    }
}
