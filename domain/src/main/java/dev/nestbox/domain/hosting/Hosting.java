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
 */
public record Hosting(
        HostingId id,
        UserId owner,
        SiteName site,
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

    /** A hosting as it is first recorded: pending, queued, nothing real yet. */
    public static Hosting pending(HostingId id, NewHosting request) {
        return new Hosting(id, request.owner(), request.site(), request.address(), request.sshPort(),
                request.plan(), request.sshPublicKey(), HostingStatus.PENDING, ProvisioningStep.QUEUED,
                Optional.empty(), request.createdAt(), request.createdAt(), Optional.empty());
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
        return new Transition.Applied(new Hosting(id, owner, site, address, sshPort, plan, sshPublicKey,
                nextStatus, nextStep, reason, createdAt, now, ready));
    }

    private Transition refuse(String attempted, String reason) {
        return new Transition.Refused(status, attempted, reason);
    }
}
