package dev.nestbox.adapters.nginx;

import dev.nestbox.application.port.out.ReverseProxy.Route;
import dev.nestbox.domain.hosting.SiteName;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names and contents of the three files a site owns: its HTTP route, the upstream that route proxies to (kept apart
 * because nginx allows {@code upstream} only at the http level, while path-mode routes are included inside the sites
 * server; its own {@code .upstream} suffix keeps it out of that server's {@code *.conf} include), and its SSH stream
 * route.
 */
final class RouteFiles {
    private static final Pattern HTTP_NAME = Pattern.compile("^nestbox-site-([a-z0-9-]+)\\.conf$");
    private static final Pattern UPSTREAM_NAME = Pattern.compile("^nestbox-site-([a-z0-9-]+)\\.upstream$");
    /** The glob the main configuration includes at the http level. */
    static final String UPSTREAM_GLOB = "*.upstream";
    /**
     * Idle connections to a guest that each nginx worker keeps. Measured with bench/site (50 clients, 2 workers,
     * TCG): with 8, requests beyond the 16 kept connections each opened and closed one to the guest, p99 248 ms;
     * with 32, p99 36 ms at 2,000 req/s. A guest's nginx closes the oldest idle ones itself if it runs short.
     */
    static final int KEEPALIVE_CONNECTIONS = 32;
    /**
     * How long an idle kept connection to a guest lives. A guest that dies silently (qemu killed, a hard stop) never
     * resets its connections, and a request nginx sends on one waits for the whole read timeout (120 s in production)
     * where a new connection fails at once; so connections are kept only across a burst (a page and its assets, a
     * site under load, where they are busy anyway) and a request after a pause opens a fresh one.
     */
    static final String KEEPALIVE_TIMEOUT = "1s";
    private static final Pattern STREAM_NAME = Pattern.compile("^nestbox-ssh-([a-z0-9-]+)\\.conf$");
    /** Left behind only if we crash between writing and renaming; never matched by nginx's {@code *.conf}. */
    static final Pattern TEMPORARY_NAME =
            Pattern.compile("^\\.nestbox-(site|ssh)-[a-z0-9-]+\\.(conf|upstream)\\.[0-9a-z]+\\.tmp$");

    private final NginxSettings settings;

    RouteFiles(NginxSettings settings) {
        this.settings = settings;
    }

    Path httpFile(SiteName site) {
        return settings.httpRoutesDir().resolve("nestbox-site-" + ConfigSyntax.site(site.value()) + ".conf");
    }

    Path upstreamFile(SiteName site) {
        return settings.httpRoutesDir().resolve("nestbox-site-" + ConfigSyntax.site(site.value()) + ".upstream");
    }

    Path streamFile(SiteName site) {
        return settings.streamRoutesDir().resolve("nestbox-ssh-" + ConfigSyntax.site(site.value()) + ".conf");
    }

    /** The site a file of ours belongs to, or empty for anything we did not name. */
    static Optional<String> siteOfHttpFile(String fileName) {
        return site(HTTP_NAME.matcher(fileName));
    }

    static Optional<String> siteOfUpstreamFile(String fileName) {
        return site(UPSTREAM_NAME.matcher(fileName));
    }

    static Optional<String> siteOfStreamFile(String fileName) {
        return site(STREAM_NAME.matcher(fileName));
    }

    /** The three files of a route with their contents. */
    Map<Path, String> render(Route route) {
        return Map.of(httpFile(route.site()), http(route), upstreamFile(route.site()), upstream(route),
                streamFile(route.site()), stream(route));
    }

    /** The HTTP route and the upstream it names: the one cannot go without the other. */
    Map<Path, String> renderHttp(Route route) {
        return Map.of(httpFile(route.site()), http(route), upstreamFile(route.site()), upstream(route));
    }

    /**
     * The guest's web server as an upstream whose idle connections nginx keeps ({@code keepalive}): under emulation
     * a guest pays dearly for every new TCP connection. The guest's nginx keeps them far longer (75 s) than we do
     * ({@link #KEEPALIVE_TIMEOUT}), so it is always our side that closes an idle one, never a request racing the
     * guest's close.
     */
    String upstream(Route route) {
        String site = ConfigSyntax.site(route.site().value());
        return header(site)
                + "upstream " + upstreamName(site) + " {\n"
                + "    server " + address(route, settings.guestHttpPort()) + ";\n"
                + "    keepalive " + KEEPALIVE_CONNECTIONS + ";\n"
                + "    keepalive_requests 10000;\n"
                + "    keepalive_timeout " + KEEPALIVE_TIMEOUT + ";\n"
                + "}\n";
    }

    private static String upstreamName(String site) {
        return "nestbox-site-" + site;
    }

    String http(Route route) {
        return settings.routing() == NginxSettings.Routing.SUBDOMAIN ? subdomainHttp(route) : pathHttp(route);
    }

    private String pathHttp(Route route) {
        String site = ConfigSyntax.site(route.site().value());
        return header(site)
                + "location = /" + site + " {\n"
                + "    return 301 /" + site + "/;\n"
                + "}\n"
                + "location /" + site + "/ {\n"
                + "    proxy_pass http://" + upstreamName(site) + "/;\n"
                + proxyDirectives("    ", Optional.of("/" + site))
                + sharedOriginGuards("    ", site)
                + "}\n";
    }

    /**
     * Every site of path mode shares one origin, so a guest must not claim the whole of it: a worker scope above its
     * prefix ({@code Service-Worker-Allowed}) or cookies for other sites' paths. A cookie path already inside the
     * site's prefix stays; any other path (including {@code /} and {@code /<other site>/}) is moved under the
     * prefix. A cookie without a path gets the request's directory from the browser, which is inside the prefix.
     */
    private static String sharedOriginGuards(String indent, String site) {
        return indent + "proxy_hide_header Service-Worker-Allowed;\n"
                + indent + "proxy_cookie_path ~^/" + site + "(/.*)?$ /" + site + "$1;\n"
                + indent + "proxy_cookie_path ~^/(.*)$ /" + site + "/$1;\n";
    }

    private String subdomainHttp(Route route) {
        String site = ConfigSyntax.site(route.site().value());
        StringBuilder out = new StringBuilder(header(site));
        out.append("server {\n");
        out.append(HttpOrigins.listenLines("    ", settings));
        out.append("    server_name ").append(site).append('.').append(settings.sitesHost()).append(";\n");
        out.append(UnavailablePage.serverDirectives("    "));
        out.append("    location / {\n");
        out.append("        proxy_pass http://").append(upstreamName(site)).append(";\n");
        out.append(proxyDirectives("        ", Optional.empty()));
        out.append("    }\n");
        out.append("}\n");
        return out.toString();
    }

    private String proxyDirectives(String indent, Optional<String> prefix) {
        StringBuilder out = new StringBuilder();
        // Dotfiles in a web root (.env, .git/, shell history) are never served; /.well-known/ is. $uri is decoded
        // and normalised, so %2e and /./ spellings are caught too. Here rather than in the guest: one regex in
        // nginx instead of a shell per request under emulation.
        out.append(indent).append("if ($uri ~ \"/\\.(?!well-known(/|$))\") {\n")
                .append(indent).append("    return 404;\n")
                .append(indent).append("}\n");
        ConfigSyntax.forwardingHeaders(out, indent);
        out.append(indent).append("proxy_set_header X-Forwarded-Host $host;\n");
        prefix.ifPresent(p -> out.append(indent).append("proxy_set_header X-Forwarded-Prefix ").append(p).append(";\n"));
        // "cookies" clears every cookie of the registrable domain, so even a site of its own would wipe its
        // neighbours' (and, in path mode, "storage" wipes the whole shared origin).
        out.append(indent).append("proxy_hide_header Clear-Site-Data;\n");
        // $guest_connection comes from the map in the main configuration: websockets pass, and every other request
        // sends no Connection header, so the HTTP/1.1 connection to the guest goes back to the upstream's keepalive.
        out.append(indent).append("proxy_set_header Upgrade $http_upgrade;\n");
        out.append(indent).append("proxy_set_header Connection $guest_connection;\n");
        out.append(indent).append("proxy_connect_timeout ").append(ConfigSyntax.time(settings.upstreamConnectTimeout())).append(";\n");
        out.append(indent).append("proxy_send_timeout ").append(ConfigSyntax.time(settings.upstreamReadTimeout())).append(";\n");
        out.append(indent).append("proxy_read_timeout ").append(ConfigSyntax.time(settings.upstreamReadTimeout())).append(";\n");
        out.append(indent).append("client_max_body_size ").append(settings.clientMaxBodySize()).append(";\n");
        return out.toString();
    }

    String stream(Route route) {
        String site = ConfigSyntax.site(route.site().value());
        int port = ConfigSyntax.port("sshPort", route.sshPort());
        return header(site)
                + "server {\n"
                + "    listen " + ConfigSyntax.listen(settings.sshListenAddress(), port) + " so_keepalive=on;\n"
                + "    proxy_pass " + address(route, settings.guestSshPort()) + ";\n"
                + "    proxy_connect_timeout " + ConfigSyntax.time(settings.upstreamConnectTimeout()) + ";\n"
                // Interactive shells and SFTP transfers sit idle for long stretches; only true silence ends them.
                + "    proxy_timeout " + ConfigSyntax.time(settings.sshIdleTimeout()) + ";\n"
                + "}\n";
    }

    private static String address(Route route, int port) {
        // Ipv4Address renders as four decimal octets: nothing else can appear here.
        return route.address() + ":" + port;
    }

    private static String header(String site) {
        return "# Managed by Nestbox for site " + site + ": rewritten, reconciled and removed automatically.\n";
    }

    private static Optional<String> site(Matcher matcher) {
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
