package dev.nestbox.adapters.nginx;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.nestbox.application.port.out.ReverseProxy.Route;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.SiteName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.nestbox.adapters.nginx.NginxUnderTest.PANEL_HOST;
import static dev.nestbox.adapters.nginx.NginxUnderTest.SITES_HOST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/** The product's main configuration, run by a real nginx in each of its shapes. */
// Guest servers are opened in try-with-resources only to live as long as the test; nothing calls them directly.
@SuppressWarnings("try")
class MainConfigTest {
    @TempDir
    Path prefix;

    @Test
    void two_origins_the_panel_gets_its_upstream_and_security_headers_the_sites_origin_does_not() throws IOException {
        int panelUpstream = NginxUnderTest.freePort();
        try (GuestHttpServer panel = new GuestHttpServer("127.0.0.1", panelUpstream);
             NginxUnderTest nginx = NginxUnderTest.start(prefix, s -> s, m -> m,
                     "http://127.0.0.1:" + panelUpstream)) {
            RawHttp.Response dashboard = RawHttp.get(nginx.panelPort, PANEL_HOST, "/api/health");
            assertThat(dashboard.status()).isEqualTo(200);
            assertThat(dashboard.body()).contains("GET /api/health\n", "x-forwarded-proto: http\n");
            assertThat(dashboard.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(dashboard.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(dashboard.header("Server")).isEqualTo("nginx");

            RawHttp.Response sitesRoot = RawHttp.get(nginx.sitesPort, SITES_HOST, "/api/health");
            assertThat(sitesRoot.status()).isEqualTo(404);
        }
    }

    @Test
    void the_panel_passes_a_sane_request_id_on_replaces_any_other_and_logs_the_one_it_passed() throws IOException {
        int panelUpstream = NginxUnderTest.freePort();
        try (GuestHttpServer panel = new GuestHttpServer("127.0.0.1", panelUpstream);
             NginxUnderTest nginx = NginxUnderTest.start(prefix, s -> s, m -> m,
                     "http://127.0.0.1:" + panelUpstream)) {
            RawHttp.Response sane = RawHttp.get(nginx.panelPort, PANEL_HOST, "/login",
                    "X-Request-Id: e2e-Ab3.d_e-f\r\n");
            RawHttp.Response forged = RawHttp.get(nginx.panelPort, PANEL_HOST, "/host",
                    "X-Request-Id: x\" injected\r\n");
            RawHttp.Response none = RawHttp.get(nginx.panelPort, PANEL_HOST, "/register");

            assertThat(sane.body()).contains("x-request-id: e2e-Ab3.d_e-f\n");
            String replaced = upstreamRequestId(forged);
            String generated = upstreamRequestId(none);
            assertThat(replaced).matches("[0-9a-f]{32}");
            assertThat(generated).matches("[0-9a-f]{32}").isNotEqualTo(replaced);
            assertThat(forged.body()).doesNotContain("injected");
            String log = Files.readString(nginx.main.accessLog().orElseThrow());
            assertThat(log).contains("\"GET /login HTTP/1.0\" 200", "rid=e2e-Ab3.d_e-f\n",
                    "\"GET /host HTTP/1.0\" 200", "rid=" + replaced + "\n", "rid=" + generated + "\n");
        }
        assertThat(Files.readString(prefix.resolve("conf/nginx.conf")))
                .contains("proxy_set_header X-Request-Id $req_id;")
                .contains("access_log " + prefix.resolve("run/access.log") + " nestbox;");
    }

    private static String upstreamRequestId(RawHttp.Response echoed) {
        return echoed.body().lines().filter(line -> line.startsWith("x-request-id: ")).findFirst()
                .map(line -> line.substring("x-request-id: ".length())).orElse("none");
    }

    @Test
    void while_the_server_cannot_be_reached_the_panel_answers_the_json_envelope_in_both_origin_modes()
            throws IOException {
        for (boolean single : List.of(false, true)) {
            int closed = NginxUnderTest.freePort();
            try (NginxUnderTest nginx = NginxUnderTest.start(prefix.resolve(single ? "single" : "two"), s -> s,
                    m -> m.withSingleOrigin(single), "http://127.0.0.1:" + closed)) {
                RawHttp.Response api = single
                        ? RawHttp.get(nginx.sitesPort, NginxUnderTest.SITES_HOST, "/host")
                        : RawHttp.get(nginx.panelPort, PANEL_HOST, "/host");

                assertThat(api.status()).as(single ? "single origin" : "two origins").isEqualTo(503);
                assertThat(api.header("Content-Type")).startsWith("application/json");
                assertThat(api.header("Retry-After")).isEqualTo("10");
                assertThat(api.body()).isEqualTo("{\"success\":false,\"error\":{\"code\":\"SERVICE_UNAVAILABLE\","
                        + "\"message\":\"The service is unavailable right now; please try again in a minute\"}}");
            }
        }
    }

    @Test
    void panel_and_sites_on_one_origin_is_refused_unless_asked_for_and_then_warned_about() throws IOException {
        NginxUnderTest.requireNginx();
        Path run = prefix.resolve("run");
        NginxSettings settings = NginxSettings.of(prefix, prefix.resolve("nginx.conf"), run.resolve("nginx.pid"),
                prefix.resolve("sites"), prefix.resolve("streams"), "example.org");
        MainConfig sameOrigin = MainConfig.of(run, "example.org", "http://127.0.0.1:8080");
        try (Nginx adapter = new Nginx(settings)) {
            assertThatThrownBy(() -> adapter.renderMainConfig(sameOrigin))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("singleOrigin");

            ListAppender<ILoggingEvent> warnings = new ListAppender<>();
            Logger logger = (Logger) LoggerFactory.getLogger(HttpOrigins.class);
            warnings.start();
            logger.addAppender(warnings);
            try {
                String config = adapter.renderMainConfig(sameOrigin.withSingleOrigin(true));
                assertThat(config).contains("proxy_pass http://127.0.0.1:8080;");
            } finally {
                logger.detachAppender(warnings);
            }
            assertThat(warnings.list).anySatisfy(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage()).contains("single origin");
            });
        }
    }

    @Test
    void single_origin_serves_the_panel_and_the_sites_together() throws IOException {
        int panelUpstream = NginxUnderTest.freePort();
        int guestHttp = NginxUnderTest.freePort();
        try (GuestHttpServer panel = new GuestHttpServer("127.0.0.1", panelUpstream);
             GuestHttpServer guest = new GuestHttpServer("127.0.0.58", guestHttp);
             NginxUnderTest nginx = NginxUnderTest.start(prefix, s -> s.withGuestPorts(guestHttp, 22),
                     m -> m.withSingleOrigin(true), "http://127.0.0.1:" + panelUpstream)) {
            nginx.adapter.reverseProxy().publish(new Route(SiteName.of("together"), Ipv4Address.parse("127.0.0.58"),
                    NginxUnderTest.freePort()));

            assertThat(RawHttp.get(nginx.sitesPort, SITES_HOST, "/login").body()).startsWith("guest 127.0.0.1\n");
            assertThat(RawHttp.get(nginx.sitesPort, SITES_HOST, "/together/").body()).startsWith("guest 127.0.0.58\n");
        }
    }

    @Test
    void subdomain_mode_gives_each_site_its_own_host_name() throws IOException {
        int guestHttp = NginxUnderTest.freePort();
        try (GuestHttpServer guest = new GuestHttpServer("127.0.0.59", guestHttp);
             NginxUnderTest nginx = NginxUnderTest.start(prefix,
                     s -> s.withRouting(NginxSettings.Routing.SUBDOMAIN).withGuestPorts(guestHttp, 22),
                     m -> m, "http://127.0.0.1:9")) {
            nginx.adapter.reverseProxy().publish(new Route(SiteName.of("isolated"), Ipv4Address.parse("127.0.0.59"),
                    NginxUnderTest.freePort()));
            nginx.adapter.reverseProxy().publish(new Route(SiteName.of("asleep"), Ipv4Address.parse("127.0.0.60"),
                    NginxUnderTest.freePort()));

            RawHttp.Response page = RawHttp.get(nginx.sitesPort, "isolated." + SITES_HOST, "/index.html");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).startsWith("guest 127.0.0.59\nGET /index.html\n")
                    .contains("host: isolated." + SITES_HOST + "\n")
                    .doesNotContain("x-forwarded-prefix");
            assertThat(RawHttp.get(nginx.sitesPort, SITES_HOST, "/isolated/").status()).isEqualTo(404);
            RawHttp.Response down = RawHttp.get(nginx.sitesPort, "asleep." + SITES_HOST, "/");
            assertThat(down.status()).isEqualTo(502);
            assertThat(down.body()).contains("This site is starting or temporarily unavailable");
        }
    }

    @Test
    void with_a_certificate_both_origins_speak_tls_and_plain_http_redirects() throws Exception {
        NginxUnderTest.requireNginx();
        Path cert = prefix.resolve("tls/cert.pem");
        Path key = prefix.resolve("tls/key.pem");
        selfSigned(cert, key);
        int panelUpstream = NginxUnderTest.freePort();
        int guestHttp = NginxUnderTest.freePort();
        try (GuestHttpServer panel = new GuestHttpServer("127.0.0.1", panelUpstream);
             GuestHttpServer guest = new GuestHttpServer("127.0.0.61", guestHttp);
             NginxUnderTest nginx = NginxUnderTest.start(prefix,
                     s -> s.withTls(new NginxSettings.Tls(cert, key)).withGuestPorts(guestHttp, 22), m -> m,
                     "http://127.0.0.1:" + panelUpstream)) {
            nginx.adapter.reverseProxy().publish(new Route(SiteName.of("secure"), Ipv4Address.parse("127.0.0.61"),
                    NginxUnderTest.freePort()));

            RawHttp.Response redirect = RawHttp.get(nginx.settings.httpPort(), SITES_HOST, "/secure/x?y=1");
            assertThat(redirect.status()).isEqualTo(301);
            assertThat(redirect.header("Location"))
                    .isEqualTo("https://" + SITES_HOST + ":" + nginx.settings.httpsPort() + "/secure/x?y=1");
            RawHttp.Response panelRedirect = RawHttp.get(nginx.panelPort, PANEL_HOST, "/");
            assertThat(panelRedirect.status()).isEqualTo(301);
            assertThat(panelRedirect.header("Location")).startsWith("https://" + PANEL_HOST + ":" + nginx.main.panelHttpsPort());

            String site = tlsGet(nginx.settings.httpsPort(), SITES_HOST, "/secure/x");
            assertThat(site).startsWith("HTTP/1.1 200").contains("x-forwarded-proto: https", "x-forwarded-prefix: /secure");
            String dashboard = tlsGet(nginx.main.panelHttpsPort(), PANEL_HOST, "/");
            assertThat(dashboard).startsWith("HTTP/1.1 200").contains("Strict-Transport-Security: max-age=31536000");
        }
    }

    @ParameterizedTest(name = "{0} routing, tls {1}, single origin {2}")
    @CsvSource({"PATH,false,false", "PATH,true,false", "PATH,true,true", "SUBDOMAIN,false,false",
            "SUBDOMAIN,true,false", "SUBDOMAIN,false,true"})
    void every_shape_of_the_main_configuration_with_routes_passes_nginx_t(NginxSettings.Routing routing, boolean tls,
                                                                          boolean singleOrigin) throws Exception {
        Path nginxBinary = NginxUnderTest.requireNginx();
        Path cert = prefix.resolve("tls/cert.pem");
        Path key = prefix.resolve("tls/key.pem");
        if (tls) {
            selfSigned(cert, key);
        }
        Path run = prefix.resolve("run");
        Path conf = prefix.resolve("conf/nginx.conf");
        NginxSettings base = NginxSettings.of(prefix, conf, run.resolve("nginx.pid"), prefix.resolve("sites"),
                prefix.resolve("streams"), "sites.example.org").withRouting(routing).withListen("127.0.0.1", 18080, 18443);
        NginxSettings settings = tls ? base.withTls(new NginxSettings.Tls(cert, key)) : base;
        MainConfig main = MainConfig.of(run, "panel.example.org", "http://127.0.0.1:8080")
                .withPanelPorts(18081, 18444).withSingleOrigin(singleOrigin);
        try (Nginx adapter = new Nginx(settings)) {
            adapter.writeMainConfig(main, conf);
            RouteFiles files = new RouteFiles(settings);
            Route route = new Route(SiteName.of("a-very-long-site-name-of-32-char"), Ipv4Address.parse("10.0.0.5"), 22022);
            for (var file : files.render(route).entrySet()) {
                Files.writeString(file.getKey(), file.getValue());
            }
            Process test = new ProcessBuilder(nginxBinary.toString(), "-t", "-p", prefix + "/", "-c", conf.toString())
                    .redirectErrorStream(true).start();
            String out = new String(test.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(test.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(test.exitValue()).as(out + "\n" + Files.readString(conf)).isZero();
            assertThat(out).contains("syntax is ok").doesNotContain("[warn]");
        }
    }

    @Test
    void settings_refuse_values_that_could_change_the_meaning_of_a_file() {
        Path dir = Path.of("/tmp/nestbox-never-created");
        NginxSettings good = NginxSettings.of(dir, dir.resolve("nginx.conf"), dir.resolve("nginx.pid"),
                dir.resolve("sites"), dir.resolve("streams"), "sites.example.org");
        assertThatThrownBy(() -> good.withClientMaxBodySize("1m; include /etc/passwd"))
                .isInstanceOf(NginxValueRefused.class);
        assertThatThrownBy(() -> good.withListen("127.0.0.1; evil", 80, 443))
                .isInstanceOf(NginxValueRefused.class);
        assertThatThrownBy(() -> good.withSshListenAddress("0.0.0.0:22"))
                .isInstanceOf(NginxValueRefused.class);
        assertThatThrownBy(() -> NginxSettings.of(dir, dir.resolve("nginx.conf"), dir.resolve("nginx.pid"),
                dir.resolve("sites"), dir.resolve("streams"), "sites.example.org;"))
                .isInstanceOf(NginxValueRefused.class);
        assertThatThrownBy(() -> NginxSettings.of(dir, dir.resolve("nginx.conf"), dir.resolve("nginx.pid"),
                Path.of("/tmp/my sites"), dir.resolve("streams"), "sites.example.org"))
                .isInstanceOf(NginxValueRefused.class);
        assertThatThrownBy(() -> MainConfig.of(dir, "panel.example.org", "http://127.0.0.1:8080/$uri"))
                .isInstanceOf(NginxValueRefused.class);
        assertThatThrownBy(() -> good.withGuestPorts(0, 22)).isInstanceOf(NginxValueRefused.class);
        assertThat(good.withGuestPorts(8080, 2222).guestSshPort()).isEqualTo(2222);
    }

    private static void selfSigned(Path cert, Path key) throws IOException, InterruptedException {
        Files.createDirectories(cert.getParent());
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=" + SITES_HOST, "-addext", "subjectAltName=DNS:" + SITES_HOST + ",DNS:" + PANEL_HOST,
                "-keyout", key.toString(), "-out", cert.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail("openssl could not make a test certificate (apt-get install openssl): " + out);
        }
    }

    /** A TLS request that trusts the test's self-signed certificate; returns the raw response. */
    private static String tlsGet(int port, String host, String path) throws IOException, GeneralSecurityException {
        TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: " + host + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
