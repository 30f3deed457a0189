package dev.nestbox.application.port.out;

import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.SiteName;
import dev.nestbox.domain.plan.Plan;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Runs the machines behind hostings. Every call is idempotent. A machine, disk or seed belongs to a hosting by the
 * hosting id recorded on it, never by its site name alone: site names come free again after a deletion, so what
 * carries the same name but another id (or none) is another tenant's leftover, refused with {@link ForeignLeftover}
 * and never adopted.
 */
public interface Hypervisor {
    /** Makes sure the network and the disk pool exist. */
    void prepare();

    /** Whether machines of {@code image} can be booted here: the image is configured and installed. */
    boolean canBoot(String image);

    /** Creates the hosting's persistent disk unless it exists. */
    void createDisk(Machine machine);

    /** Defines the hosting's machine unless defined, and starts it unless running. */
    void start(Machine machine);

    MachineState state(SiteName site);

    /**
     * Puts the guests' isolation (the network filter bound to each one's address) back on those running machines
     * of the given sites where it went missing, in one pass; answers the sites that needed it. A machine that is not
     * running is left to its next start, which applies the whole definition.
     */
    Set<SiteName> isolate(Map<SiteName, Ipv4Address> addresses);

    /**
     * Stops and undefines the hosting's machine and deletes its disk and seed; what is already gone is fine. Only
     * what carries {@code hosting} is removed, and what carries no id at all (made before ids were recorded, so
     * the hosting that still holds the site is its owner); another hosting's leftover stays.
     */
    void destroy(HostingId hosting, SiteName site);

    /** Machines of ours the hypervisor knows, whether or not a hosting owns them. */
    List<SiteName> machines();

    /** Every machine, disk and seed of ours, with the hosting each was made for where it says. */
    List<Resource> resources();

    /** The machines, disks and seeds named for {@code site}, whichever hosting made them. */
    List<Resource> resources(SiteName site);

    /**
     * PAUSED: suspended, by an administrator, a backup's copy of the disk, or the hypervisor itself on a disk error;
     * STOPPED: defined but not running; ABSENT: no such machine.
     */
    enum MachineState { RUNNING, STOPPED, PAUSED, ABSENT }

    /**
     * One hosting's machine: its plan says which image it boots, its memory, vCPUs and disk size (as recorded when
     * the hosting was made). {@code site} is the name the machine carries ({@link Hosting#machine()}): the site it
     * was made for, or the spare's name for a machine that came from the warm pool.
     */
    record Machine(HostingId hosting, SiteName site, Ipv4Address address, Plan plan,
                   String provisioningPublicKey) {
        /** The machine of {@code hosting}, reachable with the platform's provisioning key. */
        public static Machine of(Hosting hosting, String provisioningPublicKey) {
            return new Machine(hosting.id(), hosting.machine(), hosting.address(), hosting.plan(),
                    provisioningPublicKey);
        }

        public Machine {
            Objects.requireNonNull(hosting, "hosting");
            Objects.requireNonNull(site, "site");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(plan, "plan");
            Objects.requireNonNull(provisioningPublicKey, "provisioningPublicKey");
        }

        public int memoryMib() {
            return plan.memoryMib();
        }
    }

    enum Kind {
        MACHINE("machine"), DISK("disk"), SEED("cloud-init seed");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One thing the hypervisor holds for a site: its {@code name} there (domain, volume, file), and the hosting it
     * was made for, empty when it carries none (made before hosting ids were recorded, or not by Nestbox).
     */
    record Resource(Kind kind, String name, SiteName site, Optional<HostingId> hosting) {
        public Resource {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(site, "site");
            Objects.requireNonNull(hosting, "hosting");
        }

        public boolean ownedBy(HostingId id) {
            return hosting.filter(id::equals).isPresent();
        }

        /** "disk alice.3.qcow2 (hosting 3)", "machine nestbox-alice (no hosting recorded)" */
        public String describe() {
            return kind.label() + " " + name + " ("
                    + hosting.map(h -> "hosting " + h.value()).orElse("no hosting recorded") + ")";
        }
    }

    /**
     * Something of another hosting (or of none) already holds the site's name on the hypervisor. Nestbox neither
     * adopts nor removes it; the hosting fails with this message and an administrator finds it in the orphan report.
     */
    final class ForeignLeftover extends RuntimeException {
        private final transient Resource leftover;

        public ForeignLeftover(HostingId wanted, Resource leftover) {
            super("the " + leftover.describe() + " of an earlier site of the same name is still on the host;"
                    + " Nestbox does not reuse it for hosting " + wanted.value()
                    + ": an administrator must inspect and remove it (it is listed among the orphans)");
            this.leftover = leftover;
        }

        public Resource leftover() {
            return leftover;
        }
    }
}
