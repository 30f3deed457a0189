package dev.nestbox.adapters.ssh;

/**
 * The machine answering at a site's address shows another host key than the one pinned on first contact. Either
 * the guest was rebuilt without {@code forget} or someone else answers in its place: we never guess which.
 */
public final class GuestHostKeyChanged extends GuestSshFailure {
    private final String site;
    private final String pinnedFingerprint;
    private final String presentedFingerprint;

    GuestHostKeyChanged(String site, String address, String pinnedFingerprint, String presentedFingerprint,
                        String pinFile) {
        super("refusing to talk to the guest of site " + site + " at " + address + ": its SSH host key changed from "
                + pinnedFingerprint + " to " + presentedFingerprint + ". If the guest was rebuilt on purpose, delete "
                + pinFile + " (or delete and re-create the hosting); otherwise investigate before going on.");
        this.site = site;
        this.pinnedFingerprint = pinnedFingerprint;
        this.presentedFingerprint = presentedFingerprint;
    }

    public String site() {
        return site;
    }

    public String pinnedFingerprint() {
        return pinnedFingerprint;
    }

    public String presentedFingerprint() {
        return presentedFingerprint;
    }
}
