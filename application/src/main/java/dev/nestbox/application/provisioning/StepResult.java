package dev.nestbox.application.provisioning;

import dev.nestbox.domain.hosting.Hosting;
import dev.nestbox.domain.hosting.ProvisioningStep;

/** What came of claiming a hosting or of running one of its steps: how the step driver goes on. */
sealed interface StepResult {
    /** The hosting as now recorded (claimed, at its next step, or RUNNING): go on from there. */
    record Next(Hosting hosting) implements StepResult {
    }

    /** Removed, claimed by a deletion, settled, or moved on by another worker: nothing is left for this run. */
    record NotOurs(String why) implements StepResult {
    }

    /** The domain refused the transition the step would have recorded. */
    record Refused(String reason) implements StepResult {
    }

    /** The deadline passed at {@code step}: the hosting is to fail and its resources to be released. */
    record DeadlinePassed(Hosting hosting, ProvisioningStep step) implements StepResult {
    }

    /** The worker is closing: the hosting stays as recorded, and the next start resumes it. */
    record Stopping() implements StepResult {
    }
}
