package dev.nestbox.adapters.nginx;

/**
 * A value that may not reach an nginx configuration file (it could change the file's meaning, or is out of
 * range): refused by {@link ConfigSyntax} before anything was written. Part of this adapter's failure family,
 * so that it reaches a user as "the reverse proxy is unavailable", never as an unexplained 500.
 */
public final class NginxValueRefused extends NginxFailure {
    NginxValueRefused(String message) {
        super(message);
    }
}
