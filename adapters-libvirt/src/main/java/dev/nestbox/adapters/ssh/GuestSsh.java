package dev.nestbox.adapters.ssh;

import dev.nestbox.application.port.out.GuestProvisioner;
import dev.nestbox.application.port.out.SshKeys;

import java.security.SecureRandom;

/**
 * The entry to this adapter for the composition root: SSH key handling ({@link SshKeys}) and the guest
 * provisioner ({@link GuestProvisioner}) built on jsch and the JDK. Nothing touches the disk or network until a
 * method of either is called.
 */
public final class GuestSsh {
    private final SshKeys keys;
    private final GuestProvisioner provisioner;

    public GuestSsh(GuestSshSettings settings) {
        OpenSshEd25519 generator = new OpenSshEd25519(new SecureRandom());
        this.keys = new JdkSshKeys(generator);
        this.provisioner = new JschGuestProvisioner(settings, new ProvisioningKey(settings.dataDir(), generator),
                new HostKeyPins(settings.dataDir()), keys);
    }

    public GuestProvisioner provisioner() {
        return provisioner;
    }

    public SshKeys keys() {
        return keys;
    }
}
