package dev.nestbox.adapters.libvirt;

import dev.nestbox.application.port.out.Hypervisor;

/**
 * The libvirt adapter as bootstrap sees it: build it from settings, hand {@link #hypervisor()} to the use cases,
 * close it at shutdown. Nothing connects until the first call, so the service starts while libvirtd is down and
 * answers "hypervisor unavailable" until it is back.
 */
public final class Libvirt implements AutoCloseable {
    private final LibvirtConnection connection;
    private final LibvirtHypervisor hypervisor;

    public Libvirt(LibvirtSettings settings) {
        this.connection = new LibvirtConnection(settings.uri());
        this.hypervisor = new LibvirtHypervisor(connection, settings,
                () -> AccelerationProbe.choose(settings.accel(), AccelerationProbe.candidateKernels(settings.guest())));
    }

    public Hypervisor hypervisor() {
        return hypervisor;
    }

    @Override
    public void close() {
        connection.close();
    }

    /** For tests in this package: the connection underneath, to break it as a libvirtd restart would. */
    LibvirtConnection connection() {
        return connection;
    }
}
