package dev.nestbox.domain.hosting;

import dev.nestbox.domain.plan.Plan;
import dev.nestbox.domain.user.UserId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A user's site and the machine behind it. Immutable: every transition returns the next hosting or a refusal.
 *
 * <pre>
 * PENDING -> PROVISIONING -> RUNNING
 * PENDING, PROVISIONING -> FAILED (with a reason; a pending one never got a slot)
 * RUNNING -> FAILED (with a reason: its machine was lost and could not be brought back)
 * any state -> DELETING -> gone
 * </pre>
 *
 * <p>A <em>spare</em> is a hosting of the warm pool: it has no owner yet, and its site is its machine's own name
 * ({@link SiteName#isSpareLabel}, never a user's). It is made like any other up to the guest answering SSH, then
 * waits as SPARE until a request claims it: the claim gives it an owner, the user's site name and key, and it goes on
 * provisioning from CONFIGURE_GUEST. Its {@code machine} keeps the spare's name for good: the hypervisor names the
 * machine, disk and seed by it, and a running machine cannot be renamed.
 *
 * <pre>
 * PENDING -> PROVISIONING (create disk, start, wait for SSH) -> SPARE -> (claimed) PROVISIONING -> RUNNING
 * </pre>
 *
 * @param owner   the user whose site it is; empty for a spare not yet claimed
 * @param machine the name its machine, disk and seed carry on the hypervisor: the site it was made for, or for a
 *                hosting that was a spare, the spare's name
 */
public record Hosting(
        HostingId id,
        Optional<UserId> owner,
        SiteName site,
        SiteName machine,
        Ipv4Address address,
        int sshPort,
        Plan plan,
        String sshPublicKey,
        HostingStatus status,
        ProvisioningStep step,
        Optional<String> failureReason,
        Instant createdAt,
        Instant updatedAt,
        Optional<Instant> readyAt) {

    public Hosting {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(sshPublicKey, "sshPublicKey");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(failureReason, "failureReason");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(readyAt, "readyAt");
        if (sshPort < 1 || sshPort > 65535) {
            throw new IllegalArgumentException("ssh port out of range: " + sshPort);
        }
    }

    /** A user's hosting whose machine is named for its site (every hosting that was never a spare). */
    public Hosting(HostingId id, UserId owner, SiteName site, Ipv4Address address, int sshPort, Plan plan,
                   String sshPublicKey, HostingStatus status, ProvisioningStep step, Optional<String> failureReason,
                   Instant createdAt, Instant updatedAt, Optional<Instant> readyAt) {
        this(id, Optional.of(Objects.requireNonNull(owner, "owner")), site, site, address, sshPort, plan,
                sshPublicKey, status, step, failureReason, createdAt, updatedAt, readyAt);
    }

    /** A hosting as it is first recorded: pending, queued, nothing real yet. */
    public static Hosting pending(HostingId id, NewHosting request) {
        return new Hosting(id, request.owner(), request.site(), request.site(), request.address(), request.sshPort(),
                request.plan(), request.sshPublicKey(), HostingStatus.PENDING, ProvisioningStep.QUEUED,
                Optional.empty(), request.createdAt(), request.createdAt(), Optional.empty());
    }

    /** A spare of the warm pool, not yet claimed by anyone. */
    public boolean spare() {
        return owner.isEmpty();
    }

    /** Whether the proxy should route to it: a user's hosting (never a spare) that is live. */
    public boolean routed() {
        return owner.isPresent() && status.isLive();
    }

    /** A spare whose guest answers SSH waits in the pool, at CONFIGURE_GUEST, until a request claims it. */
    public Transition becomeSpare(Instant now) {
        if (owner.isPresent()) {
            return refuse("wait in the pool", "a user's hosting is never a spare");
        }
        if (status != HostingStatus.PROVISIONING || step != ProvisioningStep.WAIT_SSH) {
            return refuse("wait in the pool", "only a spare whose guest just answered SSH can wait in the pool");
        }
        return applied(HostingStatus.SPARE, ProvisioningStep.CONFIGURE_GUEST, Optional.empty(), now, readyAt);
    }

    /**
     * A request takes this spare: from now on it is {@code owner}'s hosting of {@code site}, provisioning from
     * CONFIGURE_GUEST (the user's name, key and web root go onto the booted guest), created now.
     */
    public Transition claim(UserId newOwner, SiteName newSite, String newSshPublicKey, Instant now) {
        Objects.requireNonNull(newOwner, "newOwner");
        Objects.requireNonNull(newSite, "newSite");
        Objects.requireNonNull(newSshPublicKey, "newSshPublicKey");
        if (status != HostingStatus.SPARE || owner.isPresent()) {
            return refuse("be claimed", "only a spare waiting in the pool can be claimed");
        }
        return new Transition.Applied(new Hosting(id, Optional.of(newOwner), newSite, machine, address, sshPort,
                plan, newSshPublicKey, HostingStatus.PROVISIONING, ProvisioningStep.CONFIGURE_GUEST, Optional.empty(),
                now, now, Optional.empty()));
    }

    /** The memory of its machine, as its plan gave it when the hosting was made. */
    public int memoryMib() {
        return plan.memoryMib();
    }

    public Transition startProvisioning(Instant now) {
        if (status != HostingStatus.PENDING) {
            return refuse("start provisioning", "only a pending hosting can start provisioning");
        }
        return applied(HostingStatus.PROVISIONING, ProvisioningStep.CREATE_DISK, Optional.empty(), now, readyAt);
    }

    /** Records that {@code step} is the one now being worked on. */
    public Transition reachStep(ProvisioningStep next, Instant now) {
        if (status != HostingStatus.PROVISIONING) {
            return refuse("reach step " + next.label(), "steps are only taken while provisioning");
        }
        if (next == ProvisioningStep.QUEUED || next == ProvisioningStep.DONE || next.compareTo(step) < 0) {
            return refuse("reach step " + next.label(), "steps only move forward, from " + step.label());
        }
        return applied(status, next, failureReason, now, readyAt);
    }

    public Transition markRunning(Instant now) {
        if (status != HostingStatus.PROVISIONING) {
            return refuse("mark running", "only a provisioning hosting can become running");
        }
        return applied(HostingStatus.RUNNING, ProvisioningStep.DONE, Optional.empty(), now, Optional.of(now));
    }

    public Transition fail(String reason, Instant now) {
        Objects.requireNonNull(reason, "reason");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("a failure needs a reason");
        }
        if (status != HostingStatus.PENDING && status != HostingStatus.PROVISIONING) {
            return refuse("fail", "only a pending or provisioning hosting can fail");
        }
        return applied(HostingStatus.FAILED, step, Optional.of(reason), now, readyAt);
    }

    /** A running hosting whose machine is gone, or would not start again, fails; its step stays DONE. */
    public Transition loseMachine(String reason, Instant now) {
        Objects.requireNonNull(reason, "reason");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("a failure needs a reason");
        }
        if (status != HostingStatus.RUNNING) {
            return refuse("lose its machine", "only a running hosting can lose its machine");
        }
        return applied(HostingStatus.FAILED, step, Optional.of(reason), now, readyAt);
    }

    public Transition markDeleting(Instant now) {
        if (status == HostingStatus.DELETING) {
            return refuse("delete", "the hosting is already being deleted");
        }
        return applied(HostingStatus.DELETING, step, failureReason, now, readyAt);
    }

    private Transition applied(HostingStatus nextStatus, ProvisioningStep nextStep, Optional<String> reason,
                               Instant now, Optional<Instant> ready) {
        return new Transition.Applied(new Hosting(id, owner, site, machine, address, sshPort, plan, sshPublicKey,
                nextStatus, nextStep, reason, createdAt, now, ready));
    }

    private Transition refuse(String attempted, String reason) {
        return new Transition.Refused(status, attempted, reason);
    }
}
