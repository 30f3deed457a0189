package dev.nestbox.adapters.ssh;

/**
 * On first contact, the machine answering at a site's address showed another SSH host key than the one the
 * site's own machine announced on its serial console: something else answers at that address. Nothing is pinned
 * and nothing is sent to it.
 */
public final class GuestHostKeyMismatch extends GuestSshFailure {
    private final String site;
    private final String announcedFingerprint;
    private final String presentedFingerprint;

    GuestHostKeyMismatch(String site, String address, String announcedFingerprint, String presentedFingerprint) {
        super("refusing to set up site " + site + ": the SSH server at " + address + " presented the host key "
                + presentedFingerprint + ", but the site's machine announced " + announcedFingerprint
                + " on its console. Another machine may be answering at that address; investigate before retrying.");
        this.site = site;
        this.announcedFingerprint = announcedFingerprint;
        this.presentedFingerprint = presentedFingerprint;
    }

    public String site() {
        return site;
    }

    public String announcedFingerprint() {
        return announcedFingerprint;
    }

    public String presentedFingerprint() {
        return presentedFingerprint;
    }
}
