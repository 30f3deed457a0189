package dev.nestbox.adapters.libvirt;

import org.libvirt.Connect;
import org.libvirt.ErrorCallback;
import org.libvirt.LibvirtException;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one libvirt connection of the process. libvirt-java does not document {@link Connect} as thread-safe, so
 * every use holds this object's lock. The connection opens on first use (the service can start while libvirtd
 * is down) and is opened again once when a call fails on a connection that is no longer alive, which is what a
 * libvirtd restart looks like from here.
 */
final class LibvirtConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtConnection.class);
    // libvirt prints every error to stderr by default, expected "not found" answers included; the ones that
    // matter reach the log through our exceptions. Held in a field so the native callback is never collected.
    private static final ErrorCallback SILENT = new ErrorCallback();
    private static volatile boolean silenced;

    /** Work done with the connection; it must be safe to run twice, because it is retried after a reconnect. */
    interface Work<T> {
        T run(Connect connect) throws LibvirtException;
    }

    private final String uri;
    private Optional<Connect> open = Optional.empty();

    LibvirtConnection(String uri) {
        this.uri = uri;
    }

    /** Runs {@code work}; {@code action} completes "libvirt could not ..." in the error a user reads. */
    synchronized <T> T call(String action, Work<T> work) {
        Connect connect = connection();
        try {
            return work.run(connect);
        } catch (LibvirtException first) {
            if (alive(connect)) {
                throw failure(action, first);
            }
            LOG.warn("libvirt connection to {} was lost; reconnecting once", uri, first);
            drop();
            try {
                return work.run(connection());
            } catch (LibvirtException second) {
                throw failure(action, second);
            }
        }
    }

    String uri() {
        return uri;
    }

    @Override
    public synchronized void close() {
        drop();
    }

    /** For tests: breaks the connection underneath, as a libvirtd restart would. */
    synchronized void breakForTest() throws LibvirtException {
        if (open.isPresent()) {
            open.get().close();
        }
    }

    private Connect connection() {
        if (open.isEmpty()) {
            silenceLibvirtStderr();
            try {
                open = Optional.of(new Connect(uri));
                LOG.info("connected to libvirt at {}", uri);
            } catch (LibvirtException e) {
                throw new LibvirtUnavailable("cannot connect to libvirt at " + uri + ": " + message(e)
                        + ". Check that libvirtd is running (start it with 'libvirtd -d', after 'virtlogd -d')"
                        + " and that this user may use " + uri + ".", e);
            } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
                throw new LibvirtUnavailable("the libvirt client library is not installed: install the Debian"
                        + " package libvirt0 (" + e.getMessage() + ")", e);
            }
        }
        return open.get();
    }

    private static void silenceLibvirtStderr() {
        if (!silenced) {
            try {
                Connect.setErrorCallback(SILENT);
                silenced = true;
            } catch (LibvirtException | RuntimeException | LinkageError e) {
                LOG.debug("cannot silence libvirt's stderr error printing", e);
            }
        }
    }

    private static boolean alive(Connect connect) {
        try {
            return connect.isAlive();
        } catch (LibvirtException | RuntimeException e) {
            return false;
        }
    }

    private void drop() {
        if (open.isPresent()) {
            try {
                open.get().close();
            } catch (LibvirtException | RuntimeException e) {
                LOG.debug("closing a broken libvirt connection failed", e);
            }
            open = Optional.empty();
        }
    }

    private LibvirtUnavailable failure(String action, LibvirtException e) {
        return new LibvirtUnavailable("libvirt could not " + action + ": " + message(e), e);
    }

    static String message(LibvirtException e) {
        return e.getError() != null && e.getError().getMessage() != null
                ? e.getError().getMessage() : String.valueOf(e.getMessage());
    }
}
