package dev.nestbox.application.port.out;

import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.SiteName;

import java.util.Collection;
import java.util.List;
import java.util.OptionalInt;

/** Makes sites reachable from outside: the web path and the SSH port. */
public interface ReverseProxy {
    /** Adds or updates the site's routes and applies them; never leaves the proxy on a broken configuration. */
    void publish(Route route);

    /** Removes the site's routes; removing what is not there is fine. */
    void withdraw(SiteName site);

    /** Makes the proxy's routes equal {@code desired}, touching only routes it manages. */
    Reconciliation reconcile(Collection<Route> desired);

    /** The routes the proxy holds now, one per route file, read from the files themselves (not from the store). */
    List<Published> published();

    record Route(SiteName site, Ipv4Address address, int sshPort) {
    }

    /** One route file: its site, its name on the host and, for an SSH route, the port it listens on. */
    record Published(SiteName site, String file, OptionalInt sshPort) {
        /** "web route" or "ssh route" */
        public String kind() {
            return sshPort.isPresent() ? "ssh route" : "web route";
        }
    }

    record Reconciliation(List<String> written, List<String> removed) {
        public int fixes() {
            return written.size() + removed.size();
        }
    }
}
