package dev.nestbox.adapters.nginx;

/**
 * {@code nginx -t} refused the configuration with a change applied. The change was taken back and nginx still
 * serves what it served before; the message is nginx's own.
 */
public final class NginxConfigRejected extends NginxFailure {
    NginxConfigRejected(String message) {
        super(message);
    }
}
