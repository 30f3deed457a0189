package dev.nestbox.application.port.out;

import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.SiteName;

import java.time.Duration;

/** Talks to a booted guest: waits for it and sets up its web server and the tenant's access. */
public interface GuestProvisioner {
    /** The platform's own public key, handed to guests at boot. */
    String provisioningPublicKey();

    Readiness awaitSsh(Ipv4Address address, Duration timeout);

    /**
     * Readies the guest of a warm-pool spare before any site or tenant is known, so that a claim has less to do:
     * learns (pins) its host key and runs what of the set-up needs neither (the web server up on an empty web root).
     * An image without such a step is left as it is; {@link #configure} still does everything. Idempotent.
     */
    void prepare(SiteName machine, Ipv4Address address);

    /**
     * Idempotent set-up: site user, tenant key, default page, web server on port 80. {@code machine} is the name
     * the guest's machine carries ({@link dev.nestbox.domain.hosting.Hosting#machine()}: its console and pinned host
     * key are found by it), {@code site} the site it now serves.
     */
    void configure(SiteName machine, SiteName site, Ipv4Address address, String tenantPublicKey);

    Readiness awaitHttp(Ipv4Address address, Duration timeout);

    /** Forgets what was learnt about the guest of {@code machine} (its pinned host key). */
    void forget(SiteName machine);

    sealed interface Readiness {
        record Ready() implements Readiness {
        }

        record NotReady(String reason) implements Readiness {
        }
    }
}
