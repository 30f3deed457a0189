/**
 * The guest side of provisioning: tenants' SSH keys ({@code SshKeys}) and the platform's SSH and HTTP conversation
 * with a booted guest ({@code GuestProvisioner}), on jsch and the JDK. {@link dev.nestbox.adapters.ssh.GuestSsh} is
 * the only way in; everything on disk lives under {@link dev.nestbox.adapters.ssh.GuestSshSettings#dataDir()}.
 */
package dev.nestbox.adapters.ssh;
