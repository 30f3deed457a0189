package dev.nestbox.adapters.ssh;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;

import java.util.Arrays;
import java.util.Optional;

/**
 * The host key decision for one SSH connection. jsch's own KnownHosts quietly replaces a changed key when strict
 * checking is off, and refuses unknown keys when it is on; we want neither, so this answers "OK" for the pinned key
 * (or for any key when nothing is pinned yet) and "CHANGED" otherwise, and remembers what the guest presented.
 */
final class HostKeyCheck implements HostKeyRepository {
    private final Optional<byte[]> pinned;
    private final String repositoryId;
    private volatile byte[] presented;

    private HostKeyCheck(Optional<byte[]> pinned, String repositoryId) {
        this.pinned = pinned.map(byte[]::clone);
        this.repositoryId = repositoryId;
    }

    /** For a site whose key is pinned (checked) or not yet (accepted, then pinned by the caller after login). */
    static HostKeyCheck forSite(Optional<byte[]> pinned, String pinFile) {
        return new HostKeyCheck(pinned, pinFile);
    }

    /**
     * For a readiness probe, which knows an address but no site. Accepting any key there is safe: it only
     * authenticates (a public-key signature bound to that session, useless to anyone else) and runs nothing.
     */
    static HostKeyCheck anyKey() {
        return new HostKeyCheck(Optional.empty(), "none (readiness probe)");
    }

    Optional<byte[]> presented() {
        return Optional.ofNullable(presented).map(byte[]::clone);
    }

    Optional<byte[]> pinnedKey() {
        return pinned.map(byte[]::clone);
    }

    @Override
    public int check(String host, byte[] key) {
        presented = key.clone();
        if (pinned.isEmpty() || Arrays.equals(pinned.get(), key)) {
            return OK;
        }
        return CHANGED;
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
        // Pinning happens in HostKeyPins, after a successful login, never on jsch's initiative.
    }

    @Override
    public void remove(String host, String type) {
        // jsch only removes in non-strict modes, which we never use: a changed key is refused, not replaced.
    }

    @Override
    public void remove(String host, String type, byte[] key) {
        // as above
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return repositoryId;
    }

    @Override
    public HostKey[] getHostKey() {
        return getHostKey("pinned", null);
    }

    /** Lets jsch offer the pinned key's algorithm first, so a guest with several host keys shows the pinned one. */
    @Override
    public HostKey[] getHostKey(String host, String type) {
        if (pinned.isEmpty()) {
            return new HostKey[0];
        }
        try {
            HostKey key = new HostKey(host, pinned.get().clone());
            return type == null || type.equals(key.getType()) ? new HostKey[] {key} : new HostKey[0];
        } catch (JSchException unreadable) {
            return new HostKey[0];
        }
    }
}
