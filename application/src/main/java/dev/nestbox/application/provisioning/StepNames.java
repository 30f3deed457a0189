package dev.nestbox.application.provisioning;

import dev.nestbox.domain.hosting.ProvisioningStep;

import java.time.Duration;

/** Words for steps and durations in the failure reasons users read. */
final class StepNames {
    private StepNames() {
    }

    static String describe(ProvisioningStep step) {
        switch (step) {
            case QUEUED:
                return "waiting for a free provisioning slot";
            case CREATE_DISK:
                return "creating the disk";
            case START_VM:
                return "starting the virtual machine";
            case WAIT_SSH:
                return "waiting for the machine to answer on SSH";
            case CONFIGURE_GUEST:
                return "configuring the web server";
            case WAIT_HTTP:
                return "waiting for the web server to answer";
            case PUBLISH_ROUTES:
                return "publishing the site's address";
            default:
                return step.label();
        }
    }

    static String duration(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds >= 60 && seconds % 60 == 0) {
            long minutes = seconds / 60;
            return minutes + (minutes == 1 ? " minute" : " minutes");
        }
        if (seconds >= 1) {
            return seconds + (seconds == 1 ? " second" : " seconds");
        }
        return duration.toMillis() + " ms";
    }
}
