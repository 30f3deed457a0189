package dev.nestbox.adapters.libvirt;

import dev.nestbox.application.port.out.Hypervisor;
import dev.nestbox.domain.hosting.SiteName;

import java.util.Optional;

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
                () -> AccelerationProbe.choose(settings.accel(), AccelerationProbe.candidateKernels(settings.images().values())));
    }

    public Hypervisor hypervisor() {
        return hypervisor;
    }

    /**
     * What the machine of {@code site} printed on its serial console since its last start (for the host key it
     * announces there); empty when there is no log on this host.
     */
    public Optional<String> consoleLog(SiteName site) {
        return hypervisor.consoleLog(site);
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
