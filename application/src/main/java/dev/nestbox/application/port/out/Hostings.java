package dev.nestbox.application.port.out;

import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.HostingId;
import dev.nestbox.domain.hosting.HostingStatus;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.NewHosting;
import dev.nestbox.domain.hosting.SiteName;
import dev.nestbox.domain.user.UserId;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Every hosting, stored. The store's constraints settle races: one per user, unique site, port and address. */
public interface Hostings {
    Creation create(NewHosting hosting);

    Optional<Hosting> byOwner(UserId owner);

    /**
     * The user and their hosting in one read, for requests that carry a token: whether the user still exists,
     * and their hosting if they have one.
     */
    UserHosting ofUser(UserId user);

    Optional<Hosting> byId(HostingId id);

    Optional<Hosting> bySite(SiteName site);

    List<Hosting> all();

    List<Hosting> inStatus(Set<HostingStatus> statuses);

    /**
     * Stores {@code next} only if the stored hosting is still in {@code expected} status, so a worker never
     * resurrects a hosting that a deletion has claimed meanwhile. False when the guard did not hold.
     */
    boolean replace(Hosting next, HostingStatus expected);

    /**
     * Stores a spare's claim ({@link Hosting#claim}): only if the spare is still waiting unclaimed, so of two requests
     * claiming the same spare one gets {@link Claim.Gone} and tries another.
     */
    Claim claim(Hosting claimed);

    /** Removes the row; removing what is gone is fine. */
    void remove(HostingId id);

    Set<Integer> sshPortsInUse();

    Set<Ipv4Address> addressesInUse();

    Set<SiteName> siteNamesInUse();

    Usage usage();

    /** Live hostings and spares on the host and the memory they hold, for the capacity rules. */
    record Usage(int liveHostings, long memoryMib) {
    }

    sealed interface UserHosting {
        record UnknownUser() implements UserHosting {
        }

        record NoHosting() implements UserHosting {
        }

        record Owns(Hosting hosting) implements UserHosting {
        }
    }

    sealed interface Claim {
        record Claimed(Hosting hosting) implements Claim {
        }

        /** Another request claimed it first, or it was deleted. */
        record Gone() implements Claim {
        }

        record OwnerHasOne() implements Claim {
        }

        record SiteNameTaken() implements Claim {
        }
    }

    sealed interface Creation {
        record Created(Hosting hosting) implements Creation {
        }

        record OwnerHasOne() implements Creation {
        }

        record SiteNameTaken() implements Creation {
        }

        record PortTaken() implements Creation {
        }

        record AddressTaken() implements Creation {
        }
    }
}
