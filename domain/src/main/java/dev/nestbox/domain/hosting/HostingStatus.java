package dev.nestbox.domain.hosting;

import java.util.Locale;

public enum HostingStatus {
    PENDING, PROVISIONING, RUNNING, FAILED, DELETING,
    /** A warm-pool machine, booted and answering SSH, that no one has claimed yet (see {@link Hosting}). */
    SPARE;

    /** How the API and the console show the state. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Statuses whose machine should exist and hold memory: the live ones and spares. */
    public boolean holdsMachine() {
        return isLive() || this == SPARE;
    }

    /** Statuses whose routes and machine should exist (for a user's hosting: a spare never has routes). */
    public boolean isLive() {
        return this == PENDING || this == PROVISIONING || this == RUNNING;
    }
}
