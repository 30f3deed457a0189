package dev.nestbox.domain.hosting;

import dev.nestbox.domain.plan.Plan;
import dev.nestbox.domain.user.UserId;

import java.time.Instant;
import java.util.Objects;

/** A hosting about to be recorded: site name, address and port chosen, the store settles clashes. */
public record NewHosting(UserId owner, SiteName site, Ipv4Address address, int sshPort, Plan plan,
                         String sshPublicKey, Instant createdAt) {
    public NewHosting {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(sshPublicKey, "sshPublicKey");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public int memoryMib() {
        return plan.memoryMib();
    }
}
