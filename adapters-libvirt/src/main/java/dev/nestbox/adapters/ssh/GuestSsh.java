package dev.nestbox.adapters.ssh;

import dev.nestbox.application.port.out.GuestProvisioner;
import dev.nestbox.application.port.out.SshKeys;

import java.util.Optional;

/**
 * The entry to this adapter for the composition root: SSH key handling ({@link SshKeys}) and the guest
 * provisioner ({@link GuestProvisioner}) built on jsch and the JDK. Nothing touches the disk or network until a
 * method of either is called.
 */
public final class GuestSsh {
    private final SshKeys keys;
    private final GuestProvisioner provisioner;

    /**
     * Guests whose host key is pinned as their {@code console} announced it: on first contact any other key is
     * refused ({@link GuestHostKeyMismatch}), and a guest that announced none is not trusted at all.
     */
    public GuestSsh(GuestSshSettings settings, GuestConsole console) {
        this(settings, Optional.of(console));
    }

    /** Trust on first use: the first host key a guest shows is pinned. Only for guests without a console. */
    public GuestSsh(GuestSshSettings settings) {
        this(settings, Optional.empty());
    }

    private GuestSsh(GuestSshSettings settings, Optional<GuestConsole> console) {
        OpenSshEd25519 generator = new OpenSshEd25519();
        this.keys = new JdkSshKeys(generator);
        this.provisioner = new JschGuestProvisioner(settings, new ProvisioningKey(settings.dataDir(), generator),
                new HostKeyPins(settings.dataDir()), console, keys);
    }

    public GuestProvisioner provisioner() {
        return provisioner;
    }

    public SshKeys keys() {
        return keys;
    }
}
