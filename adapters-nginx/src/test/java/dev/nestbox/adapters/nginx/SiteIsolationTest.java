package dev.nestbox.adapters.nginx;

import dev.nestbox.application.port.out.ReverseProxy.Route;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.SiteName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.nestbox.adapters.nginx.NginxUnderTest.SITES_HOST;
import static org.assertj.core.api.Assertions.assertThat;

/** What one hostile guest can do to the other sites and to the panel, seen by a client through a real nginx. */
// Servers are opened in try-with-resources only to live as long as the test; nothing calls them directly.
@SuppressWarnings("try")
class SiteIsolationTest {
    /** Response fields a guest could use to take over a shared origin. */
    private static final List<Map.Entry<String, String>> TAKEOVER = List.of(
            Map.entry("Service-Worker-Allowed", "/"),
            Map.entry("Clear-Site-Data", "\"cookies\", \"storage\""),
            Map.entry("Set-Cookie", "root=1; Path=/"),
            Map.entry("Set-Cookie", "own=1; Path=/alpha/x"),
            Map.entry("Set-Cookie", "exact=1; path=/alpha; HttpOnly"),
            Map.entry("Set-Cookie", "other=1; Path=/beta/"),
            Map.entry("Set-Cookie", "lookalike=1; Path=/alphabet/"),
            Map.entry("Set-Cookie", "nopath=1; HttpOnly"),
            Map.entry("Set-Cookie", "twice=1; Path=/alpha/; Path=/"));

    @TempDir
    Path prefix;

    @Test
    void in_path_mode_a_site_cannot_claim_the_shared_origin_with_workers_cookies_or_clear_site_data() throws IOException {
        int guestHttp = NginxUnderTest.freePort();
        try (GuestHeaderServer guest = new GuestHeaderServer("127.0.0.70", guestHttp, TAKEOVER);
             NginxUnderTest nginx = NginxUnderTest.start(prefix, s -> s.withGuestPorts(guestHttp, 22), m -> m,
                     "http://127.0.0.1:9")) {
            nginx.adapter.reverseProxy().publish(new Route(SiteName.of("alpha"), Ipv4Address.parse("127.0.0.70"),
                    NginxUnderTest.freePort()));

            RawHttp.Response page = RawHttp.get(nginx.sitesPort, SITES_HOST, "/alpha/login");

            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).isEqualTo("guest 127.0.0.70\n");
            assertThat(page.all("Service-Worker-Allowed")).isEmpty();
            assertThat(page.all("Clear-Site-Data")).isEmpty();
            assertThat(page.all("Set-Cookie")).containsExactly(
                    "root=1; Path=/alpha/",
                    "own=1; Path=/alpha/x",
                    "exact=1; path=/alpha; HttpOnly",
                    "other=1; Path=/alpha/beta/",
                    "lookalike=1; Path=/alpha/alphabet/",
                    // The browser scopes it to the request's directory, /alpha here: inside the prefix already.
                    "nopath=1; HttpOnly",
                    "twice=1; Path=/alpha/; Path=/alpha/");
        }
    }

    @Test
    void dotfiles_of_a_web_root_are_never_served_in_either_mode_but_well_known_is() throws IOException {
        for (boolean subdomains : List.of(false, true)) {
            int guestHttp = NginxUnderTest.freePort();
            Path dir = prefix.resolve(subdomains ? "subdomain" : "path");
            try (GuestHeaderServer guest = new GuestHeaderServer("127.0.0.71", guestHttp, List.of());
                 NginxUnderTest nginx = NginxUnderTest.start(dir, s -> subdomains
                                 ? s.withGuestPorts(guestHttp, 22).withRouting(NginxSettings.Routing.SUBDOMAIN)
                                 : s.withGuestPorts(guestHttp, 22), m -> m, "http://127.0.0.1:9")) {
                nginx.adapter.reverseProxy().publish(new Route(SiteName.of("alpha"),
                        Ipv4Address.parse("127.0.0.71"), NginxUnderTest.freePort()));
                String host = subdomains ? "alpha." + SITES_HOST : SITES_HOST;
                String base = subdomains ? "" : "/alpha";

                for (String path : List.of("/.env", "/.ash_history", "/sub/.git/config", "/%2eenv", "/sub/%2Egit/HEAD",
                        "/sub/./.env", "/x/../.env", "/.env?x=1", "/.well-knownx", "/.well-known-not/x")) {
                    assertThat(RawHttp.get(nginx.sitesPort, host, base + path).status())
                            .as("%s %s", subdomains ? "subdomain" : "path", path).isEqualTo(404);
                }
                for (String path : List.of("/", "/index.html", "/.well-known/security.txt",
                        "/.well-known/acme-challenge/abc", "/a.b/c.d", "/file.env")) {
                    assertThat(RawHttp.get(nginx.sitesPort, host, base + path).status())
                            .as("%s %s", subdomains ? "subdomain" : "path", path).isEqualTo(200);
                }
            }
        }
    }

    @Test
    void in_subdomain_mode_a_site_keeps_its_own_origin_to_itself_but_cannot_clear_its_neighbours_cookies()
            throws IOException {
        int guestHttp = NginxUnderTest.freePort();
        try (GuestHeaderServer guest = new GuestHeaderServer("127.0.0.71", guestHttp, TAKEOVER);
             NginxUnderTest nginx = NginxUnderTest.start(prefix,
                     s -> s.withRouting(NginxSettings.Routing.SUBDOMAIN).withGuestPorts(guestHttp, 22), m -> m,
                     "http://127.0.0.1:9")) {
            nginx.adapter.reverseProxy().publish(new Route(SiteName.of("alpha"), Ipv4Address.parse("127.0.0.71"),
                    NginxUnderTest.freePort()));

            RawHttp.Response page = RawHttp.get(nginx.sitesPort, "alpha." + SITES_HOST, "/login");

            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).isEqualTo("guest 127.0.0.71\n");
            assertThat(page.all("Service-Worker-Allowed")).containsExactly("/");
            assertThat(page.all("Clear-Site-Data")).as("'cookies' would clear every site's cookies").isEmpty();
            assertThat(page.all("Set-Cookie")).contains("root=1; Path=/", "other=1; Path=/beta/");
        }
    }

    @Test
    void in_subdomain_mode_a_site_named_like_the_panel_never_gets_the_panels_host() throws IOException {
        int sharedPort = NginxUnderTest.freePort();
        int panelUpstream = NginxUnderTest.freePort();
        int guestHttp = NginxUnderTest.freePort();
        String panelHost = "console." + SITES_HOST;
        try (GuestHttpServer panel = new GuestHttpServer("127.0.0.1", panelUpstream);
             GuestHttpServer guest = new GuestHttpServer("127.0.0.72", guestHttp);
             NginxUnderTest nginx = NginxUnderTest.start(prefix,
                     s -> s.withRouting(NginxSettings.Routing.SUBDOMAIN).withGuestPorts(guestHttp, 22)
                             .withListen("127.0.0.1", sharedPort, s.httpsPort()),
                     m -> m.withPanelHost(panelHost).withPanelPorts(sharedPort, m.panelHttpsPort()),
                     "http://127.0.0.1:" + panelUpstream)) {
            // A site that predates the panel's move to console.<sites host>: it exists, but must not win.
            nginx.adapter.reverseProxy().publish(new Route(SiteName.of("console"), Ipv4Address.parse("127.0.0.72"),
                    NginxUnderTest.freePort()));
            nginx.adapter.reverseProxy().publish(new Route(SiteName.of("neighbour"), Ipv4Address.parse("127.0.0.72"),
                    NginxUnderTest.freePort()));

            RawHttp.Response dashboard = RawHttp.get(sharedPort, panelHost, "/api/health");
            assertThat(dashboard.body()).startsWith("guest 127.0.0.1\nGET /api/health\n");
            assertThat(dashboard.header("X-Frame-Options")).isEqualTo("DENY");

            assertThat(RawHttp.get(sharedPort, "neighbour." + SITES_HOST, "/").body()).startsWith("guest 127.0.0.72\n");
            assertThat(RawHttp.get(sharedPort, "unknown.example", "/").status())
                    .as("unknown hosts still reach the sites origin's 404, not the panel").isEqualTo(404);
        }
    }
}
