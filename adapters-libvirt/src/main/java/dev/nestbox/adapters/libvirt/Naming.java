package dev.nestbox.adapters.libvirt;

import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.SiteName;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a site's things are named in libvirt and on disk. Only domains with {@link #DOMAIN_PREFIX} are ever
 * touched, so machines that others run on the same host are safe from us.
 *
 * <p>A disk and a seed carry the hosting id in their names ({@code alice.7.qcow2}, {@code alice.7-cidata.iso}); the
 * dot cannot occur in a site name, so an id never reads as part of one. The domain keeps the one name per site
 * libvirt allows and records the id in its metadata ({@link DomainXml#METADATA_NS}). Names without an id
 * ({@code alice.qcow2}, {@code alice-cidata.iso}) were made before ids were recorded.
 */
final class Naming {
    static final String DOMAIN_PREFIX = "nestbox-";
    private static final String VOLUME_SUFFIX = ".qcow2";
    private static final String SEED_SUFFIX = "-cidata.iso";
    private static final Pattern WITH_ID = Pattern.compile("^(.+)\\.([1-9][0-9]{0,18})$");

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

    static String volume(SiteName site, HostingId hosting) {
        return site.value() + "." + hosting.value() + VOLUME_SUFFIX;
    }

    /** The name a site's disk had before hosting ids were recorded. */
    static String legacyVolume(SiteName site) {
        return site.value() + VOLUME_SUFFIX;
    }

    /** Whose disk a volume name says it is, if it is named as ours. */
    static Optional<Owner> volumeOwner(String volumeName) {
        return owner(volumeName, VOLUME_SUFFIX);
    }

    static String consoleLog(SiteName site) {
        return site.value() + ".log";
    }

    static String seedImage(SiteName site, HostingId hosting) {
        return site.value() + "." + hosting.value() + SEED_SUFFIX;
    }

    /** The name a site's seed had before hosting ids were recorded. */
    static String legacySeedImage(SiteName site) {
        return site.value() + SEED_SUFFIX;
    }

    /** Whose seed a file name says it is, if it is named as ours. */
    static Optional<Owner> seedOwner(String fileName) {
        return owner(fileName, SEED_SUFFIX);
    }

    private static Optional<Owner> owner(String name, String suffix) {
        if (!name.endsWith(suffix)) {
            return Optional.empty();
        }
        String stem = name.substring(0, name.length() - suffix.length());
        Optional<HostingId> hosting = Optional.empty();
        Matcher withId = WITH_ID.matcher(stem);
        if (withId.matches()) {
            stem = withId.group(1);
            try {
                hosting = Optional.of(new HostingId(Long.parseLong(withId.group(2))));
            } catch (RuntimeException tooLarge) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(new Owner(SiteName.of(stem), hosting));
        } catch (RuntimeException notASiteName) {
            return Optional.empty();
        }
    }

    /** The site a thing is named for, and the hosting, when its name records one. */
    record Owner(SiteName site, Optional<HostingId> hosting) {
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
