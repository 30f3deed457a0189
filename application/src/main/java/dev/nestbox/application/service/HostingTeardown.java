package dev.nestbox.application.service;

import dev.nestbox.application.port.out.Clock;
import dev.nestbox.application.port.out.GuestProvisioner;
import dev.nestbox.application.port.out.Hostings;
import dev.nestbox.application.port.out.Hypervisor;
import dev.nestbox.application.port.out.ReverseProxy;
import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.HostingStatus;
import dev.nestbox.domain.hosting.Transition;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes a hosting and everything made for it: routes first (so nobody reaches a dying machine), then the
 * machine and its disk, then what we learnt about the guest, then the row. The hosting is marked DELETING
 * before anything is touched, so a crash part-way leaves a hosting that the next deletion or start-up finishes.
 *
 * <p>All of it happens under the site's lock, the one the provisioning worker takes for each step: a step that
 * is creating the disk or starting the machine finishes first, and the worker, seeing DELETING, stops before
 * its next one. So nothing is created after the teardown removed it.
 */
public final class HostingTeardown {
    private static final int MAX_CLAIMS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(HostingTeardown.class);
    private final Hostings hostings;
    private final Hypervisor hypervisor;
    private final ReverseProxy proxy;
    private final GuestProvisioner guests;
    private final Clock clock;
    private final SiteLocks locks;

    public HostingTeardown(Hostings hostings, Hypervisor hypervisor, ReverseProxy proxy, GuestProvisioner guests,
                           Clock clock, SiteLocks locks) {
        this.hostings = hostings;
        this.hypervisor = hypervisor;
        this.proxy = proxy;
        this.guests = guests;
        this.clock = clock;
        this.locks = locks;
    }

    /** Tears the hosting down unless it is already gone; a DependencyFailure leaves it DELETING, to retry. */
    public void tearDown(Hosting hosting) {
        // Locked by its machine's name: the one name a hosting keeps for life (a claimed spare changes its site).
        locks.holding(hosting.machine(), () -> {
            Optional<Hosting> claimed = claim(hosting);
            if (claimed.isEmpty()) {
                return;
            }
            Hosting current = claimed.get();
            if (!current.spare()) {
                proxy.withdraw(current.site());
            }
            hypervisor.destroy(current.id(), current.machine());
            guests.forget(current.machine());
            hostings.remove(current.id());
            LOG.info("hosting {} deleted", current.site());
        });
    }

    /** Marks the stored hosting DELETING, whatever state it reached meanwhile; empty when it is gone. */
    private Optional<Hosting> claim(Hosting hosting) {
        for (int attempt = 0; attempt < MAX_CLAIMS; attempt++) {
            Optional<Hosting> current = hostings.byId(hosting.id());
            if (current.isEmpty() || current.get().status() == HostingStatus.DELETING) {
                return current;
            }
            Hosting stored = current.get();
            Transition transition = stored.markDeleting(clock.now());
            Hosting deleting;
            if (transition instanceof Transition.Applied applied) {
                deleting = applied.hosting();
            } else if (transition instanceof Transition.Refused) {
                throw new IllegalStateException("cannot delete " + stored.site() + ": " + transition);
            } else {
                throw new AssertionError("unhandled transition: " + transition);
            }
            if (hostings.replace(deleting, stored.status())) {
                return Optional.of(deleting);
            }
            // Something outside our locks (another server, an operator) changed it meanwhile: read it again.
        }
        throw new IllegalStateException("hosting " + hosting.site() + " keeps changing; could not claim it for deletion");
    }
}
