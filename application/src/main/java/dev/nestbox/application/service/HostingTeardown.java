package dev.nestbox.application.service;

import dev.nestbox.application.port.out.Clock;
import dev.nestbox.application.port.out.GuestProvisioner;
import dev.nestbox.application.port.out.Hostings;
import dev.nestbox.application.port.out.Hypervisor;
import dev.nestbox.application.port.out.ReverseProxy;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.HostingStatus;
import dev.nestbox.domain.hosting.Transition;

import java.util.logging.Logger;

/**
 * Removes a hosting and everything made for it: routes first (so nobody reaches a dying machine), then the
 * machine and its disk, then what we learnt about the guest, then the row. The hosting is marked DELETING
 * before anything is touched, so a crash part-way leaves a hosting that the next deletion or start-up finishes.
 */
public final class HostingTeardown {
    private static final Logger LOG = Logger.getLogger(HostingTeardown.class.getName());
    private final Hostings hostings;
    private final Hypervisor hypervisor;
    private final ReverseProxy proxy;
    private final GuestProvisioner guests;
    private final Clock clock;

    public HostingTeardown(Hostings hostings, Hypervisor hypervisor, ReverseProxy proxy, GuestProvisioner guests,
                           Clock clock) {
        this.hostings = hostings;
        this.hypervisor = hypervisor;
        this.proxy = proxy;
        this.guests = guests;
        this.clock = clock;
    }

    public void tearDown(Hosting hosting) {
        Hosting current = hosting;
        while (current.status() != HostingStatus.DELETING) {
            Transition transition = current.markDeleting(clock.now());
            if (!(transition instanceof Transition.Applied applied)) {
                break;
            }
            if (hostings.replace(applied.hosting(), current.status())) {
                current = applied.hosting();
            } else {
                // The worker moved it meanwhile; read it again and claim it from its new state.
                var fresh = hostings.byId(current.id());
                if (fresh.isEmpty()) {
                    return;
                }
                current = fresh.get();
            }
        }
        proxy.withdraw(current.site());
        hypervisor.destroy(current.site());
        guests.forget(current.site());
        hostings.remove(current.id());
        LOG.info(() -> "hosting " + hosting.site() + " deleted");
    }
}
