package dev.nestbox.adapters.libvirt;

import dev.nestbox.application.port.out.DependencyFailure;

/** The hypervisor (libvirt, qemu, or the files they need) failed; the message says what to do about it. */
public final class LibvirtUnavailable extends DependencyFailure {
    public LibvirtUnavailable(String message, Throwable cause) {
        super("hypervisor", message, cause);
    }

    public LibvirtUnavailable(String message) {
        super("hypervisor", message);
    }
}
