package dev.nestbox.application.port.out;

import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.SiteName;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Runs the machines behind hostings. Every call is idempotent. */
public interface Hypervisor {
    /** Makes sure the network and the disk pool exist. */
    void prepare();

    /** Creates the site's persistent disk unless it exists. */
    void createDisk(Machine machine);

    /** Defines the machine unless defined, and starts it unless running. */
    void start(Machine machine);

    MachineState state(SiteName site);

    /**
     * Puts the guests' isolation (the network filter bound to each one's address) back on those running machines
     * of the given sites where it went missing, in one pass; answers the sites that needed it. A machine that is not
     * running is left to its next start, which applies the whole definition.
     */
    Set<SiteName> isolate(Map<SiteName, Ipv4Address> addresses);

    /** Stops and undefines the machine and deletes its disk; what is already gone is fine. */
    void destroy(SiteName site);

    /** Machines of ours the hypervisor knows, whether or not a hosting owns them. */
    List<SiteName> machines();

    enum MachineState { RUNNING, STOPPED, ABSENT }

    record Machine(SiteName site, Ipv4Address address, int memoryMib, String provisioningPublicKey) {
    }
}
