package dev.nestbox.application.port.in;

import dev.nestbox.domain.hosting.Hosting;

/** A hosting with the addresses by which the world reaches it. */
public record HostingView(Hosting hosting, String webUrl, String sshHost, String sshCommand, String sftpCommand) {
}
