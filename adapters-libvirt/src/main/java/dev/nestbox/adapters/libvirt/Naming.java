package dev.nestbox.adapters.libvirt;

import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.SiteName;

import java.util.Optional;

/**
 * How a site's things are named in libvirt and on disk. Only domains with {@link #DOMAIN_PREFIX} are ever
 * touched, so machines that others run on the same host are safe from us.
 */
final class Naming {
    static final String DOMAIN_PREFIX = "nestbox-";

    private Naming() {
    }

    static String domain(SiteName site) {
        return DOMAIN_PREFIX + site.value();
    }

    /** The site a domain name belongs to, if it is one of ours. */
    static Optional<SiteName> site(String domainName) {
        if (!domainName.startsWith(DOMAIN_PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(SiteName.of(domainName.substring(DOMAIN_PREFIX.length())));
        } catch (RuntimeException notASiteName) {
            return Optional.empty();
        }
    }

    static String volume(SiteName site) {
        return site.value() + ".qcow2";
    }

    static String consoleLog(SiteName site) {
        return site.value() + ".log";
    }

    static String seedImage(SiteName site) {
        return site.value() + "-cidata.iso";
    }

    /**
     * A MAC address that follows from the guest's address (qemu's 52:54:00 prefix + the address's low three
     * octets): stable across redefinitions, unique within any subnet of /8 or smaller.
     */
    static String mac(Ipv4Address address) {
        int bits = address.bits();
        return String.format("52:54:00:%02x:%02x:%02x", (bits >>> 16) & 0xff, (bits >>> 8) & 0xff, bits & 0xff);
    }
}
