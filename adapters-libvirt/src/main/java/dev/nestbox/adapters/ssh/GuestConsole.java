package dev.nestbox.adapters.ssh;

import dev.nestbox.domain.hosting.SiteName;

import java.util.Optional;

/**
 * What a site's machine printed on its serial console since it last started: a channel from the guest that
 * no one on the network can speak on, so the host key the guest announces there can be pinned before the first
 * SSH connection. Empty when the console cannot be seen from here.
 */
@FunctionalInterface
public interface GuestConsole {
    Optional<String> log(SiteName site);
}
