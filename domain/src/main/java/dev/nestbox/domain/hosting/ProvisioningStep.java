package dev.nestbox.domain.hosting;

import java.util.Locale;

/** The steps that make a hosting real, in order. Each is idempotent, so a resumed hosting redoes its current step. */
public enum ProvisioningStep {
    QUEUED, CREATE_DISK, START_VM, WAIT_SSH, CONFIGURE_GUEST, WAIT_HTTP, PUBLISH_ROUTES, DONE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public ProvisioningStep next() {
        return this == DONE ? DONE : values()[ordinal() + 1];
    }
}
