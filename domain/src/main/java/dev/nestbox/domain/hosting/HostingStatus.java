package dev.nestbox.domain.hosting;

import java.util.Locale;

public enum HostingStatus {
    PENDING, PROVISIONING, RUNNING, FAILED, DELETING;

    /** How the API and the console show the state. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Statuses whose routes and machine should exist. */
    public boolean isLive() {
        return this == PENDING || this == PROVISIONING || this == RUNNING;
    }
}
