package dev.nestbox.adapters.libvirt;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.Network;
import org.libvirt.NetworkFilter;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;

/** Looking up, listing and releasing libvirt handles, shared by the parts of {@link LibvirtHypervisor}. */
final class Handles {
    private Handles() {
    }

    static boolean is(LibvirtException e, ErrorNumber code) {
        return e.getError() != null && e.getError().getCode() == code;
    }

    static Optional<Domain> domain(Connect c, String name) throws LibvirtException {
        try {
            return Optional.of(c.domainLookupByName(name));
        } catch (LibvirtException e) {
            if (is(e, ErrorNumber.VIR_ERR_NO_DOMAIN)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Names of every domain, running or not. */
    static List<String> domainNames(Connect c) throws LibvirtException {
        List<String> names = new ArrayList<>(List.of(c.listDefinedDomains()));
        for (int id : c.listDomains()) {
            try {
                Domain domain = c.domainLookupByID(id);
                names.add(domain.getName());
                free(domain);
            } catch (LibvirtException e) {
                if (!is(e, ErrorNumber.VIR_ERR_NO_DOMAIN)) { // it stopped between listing and looking
                    throw e;
                }
            }
        }
        return names;
    }

    /** Names of the domains, running or not, whose XML {@code uses} says yes to. */
    static List<String> domainsUsing(Connect c, Predicate<String> uses) throws LibvirtException {
        List<Domain> domains = new ArrayList<>();
        for (String name : c.listDefinedDomains()) {
            domain(c, name).ifPresent(domains::add);
        }
        for (int id : c.listDomains()) {
            try {
                domains.add(c.domainLookupByID(id));
            } catch (LibvirtException e) {
                if (!is(e, ErrorNumber.VIR_ERR_NO_DOMAIN)) { // it stopped between listing and looking
                    throw e;
                }
            }
        }
        TreeSet<String> users = new TreeSet<>();
        try {
            for (Domain domain : domains) {
                try {
                    if (uses.test(domain.getXMLDesc(0))) {
                        users.add(domain.getName());
                    }
                } catch (LibvirtException e) {
                    if (!is(e, ErrorNumber.VIR_ERR_NO_DOMAIN)) { // it was undefined between listing and looking
                        throw e;
                    }
                }
            }
        } finally {
            domains.forEach(Handles::free);
        }
        return List.copyOf(users);
    }

    /** Releases libvirt's handle now instead of in a finaliser on the GC's thread. */
    static void free(Object handle) {
        try {
            if (handle instanceof Domain d) {
                d.free();
            } else if (handle instanceof Network n) {
                n.free();
            } else if (handle instanceof StoragePool p) {
                p.free();
            } else if (handle instanceof StorageVol v) {
                v.free();
            } else if (handle instanceof NetworkFilter f) {
                f.free();
            }
        } catch (LibvirtException | RuntimeException ignored) {
            // freeing a handle cannot fail in a way that matters to the caller
        }
    }
}
