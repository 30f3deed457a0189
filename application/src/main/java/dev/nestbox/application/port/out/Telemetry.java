package dev.nestbox.application.port.out;

import dev.nestbox.domain.hosting.ProvisioningStep;

import java.time.Duration;
import java.util.Map;

/**
 * What the background work tells monitoring: provisioning steps and their failures, reconciliation passes, the
 * machines the healer saw. Every method does nothing by default, so a use case without monitoring passes
 * {@link #NONE}; an implementation must be quick and must not throw (it runs on the workers' threads).
 */
public interface Telemetry {
    /** Records nothing. */
    Telemetry NONE = new Telemetry() {
    };

    /** Why a provisioning failed, as a small fixed set of classes (never free text, so it can be a metric label). */
    enum FailureClass {
        /** The hosting did not become ready within the provisioning deadline. */
        DEADLINE,
        /** The hypervisor or the reverse proxy refused a step. */
        DEPENDENCY,
        /** The guest could not be reached or configured. */
        GUEST,
        /** No provisioning slot was free. */
        CAPACITY,
        /** Anything else. */
        OTHER
    }

    /** {@code step} finished and the hosting moved on, after {@code took}. */
    default void stepCompleted(ProvisioningStep step, Duration took) {
    }

    /** A spare of the warm pool answers SSH and waits to be claimed, {@code took} after it was recorded. */
    default void spareReady(Duration took) {
    }

    /** A hosting became running, {@code took} after it was requested (for a claimed spare: after the claim). */
    default void provisioned(Duration took) {
    }

    /** A provisioning failed and was recorded as failed. */
    default void provisioningFailed(FailureClass failure) {
    }

    /** One route reconciliation pass ended, having set {@code fixes} things right. */
    default void reconciled(long fixes) {
    }

    /** A healing pass checked every running hosting's machine: how many were in each state. */
    default void machinesSeen(Map<Hypervisor.MachineState, Integer> machinesByState) {
    }
}
