package dev.nestbox.domain.hosting;

import dev.nestbox.domain.plan.Plan;
import dev.nestbox.domain.user.UserId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A hosting about to be recorded: site name, address and port chosen, the store settles clashes. Without an owner
 * it is a spare of the warm pool: its site is then a spare's name ({@link SiteName#isSpareLabel}) and it has no
 * tenant key yet.
 */
public record NewHosting(Optional<UserId> owner, SiteName site, Ipv4Address address, int sshPort, Plan plan,
                         String sshPublicKey, Instant createdAt) {
    public NewHosting(UserId owner, SiteName site, Ipv4Address address, int sshPort, Plan plan, String sshPublicKey,
                      Instant createdAt) {
        this(Optional.of(Objects.requireNonNull(owner, "owner")), site, address, sshPort, plan, sshPublicKey,
                createdAt);
    }

    /** A spare for the warm pool of {@code plan}, named {@code label}. */
    public static NewHosting spare(SiteName label, Ipv4Address address, int sshPort, Plan plan, Instant createdAt) {
        if (!label.isSpareLabel()) {
            throw new IllegalArgumentException("a spare is named spare--<id>, not " + label);
        }
        return new NewHosting(Optional.empty(), label, address, sshPort, plan, "", createdAt);
    }

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
