package dev.nestbox.adapters.nginx;

import dev.nestbox.application.port.out.ReverseProxy;
import dev.nestbox.application.port.out.ReverseProxy.Route;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.SiteName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.nestbox.adapters.nginx.NginxUnderTest.SITES_HOST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reverse proxy against a real nginx, with small Java servers on other loopback addresses as the guests. */
class NginxReverseProxyTest {
    private static final Ipv4Address GUEST = Ipv4Address.parse("127.0.0.55");
    private static final Ipv4Address OTHER_GUEST = Ipv4Address.parse("127.0.0.56");
    /** Nothing listens there: a guest that is still booting or is down. */
    private static final Ipv4Address DOWN_GUEST = Ipv4Address.parse("127.0.0.57");
    private static final Ipv4Address WS_GUEST = Ipv4Address.parse("127.0.0.62");
    private static final Ipv4Address KEEPALIVE_GUEST = Ipv4Address.parse("127.0.0.66");

    @TempDir
    static Path prefix;
    static NginxUnderTest nginx;
    static ReverseProxy proxy;
    static GuestHttpServer web;
    static GuestHttpServer otherWeb;
    static GuestEchoServer ssh;

    @BeforeAll
    static void start() throws IOException {
        int guestHttp = NginxUnderTest.freePort();
        int guestSsh = NginxUnderTest.freePort();
        nginx = NginxUnderTest.start(prefix, s -> s.withGuestPorts(guestHttp, guestSsh), m -> m, "http://127.0.0.1:9");
        proxy = nginx.adapter.reverseProxy();
        web = new GuestHttpServer(GUEST.toString(), guestHttp);
        otherWeb = new GuestHttpServer(OTHER_GUEST.toString(), guestHttp);
        ssh = new GuestEchoServer(GUEST.toString(), guestSsh);
    }

    @AfterAll
    static void stop() throws IOException {
        if (nginx != null) {
            nginx.close();
        }
        if (web != null) {
            web.close();
            otherWeb.close();
            ssh.close();
        }
    }

    private static Route route(String site, Ipv4Address address) throws IOException {
        return new Route(SiteName.of(site), address, NginxUnderTest.freePort());
    }

    private static RawHttp.Response get(String path) throws IOException {
        return RawHttp.get(nginx.sitesPort, SITES_HOST, path);
    }

    @Test
    void a_published_site_answers_through_nginx_under_its_path_with_forwarded_headers() throws IOException {
        proxy.publish(route("alice", GUEST));

        RawHttp.Response redirect = get("/alice");
        assertThat(redirect.status()).isEqualTo(301);
        assertThat(redirect.header("Location")).isEqualTo("/alice/");

        RawHttp.Response page = get("/alice/blog/post?id=7");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).startsWith("guest 127.0.0.55\nGET /blog/post?id=7\n");
        assertThat(page.body()).contains("host: " + SITES_HOST + "\n", "x-forwarded-prefix: /alice\n",
                "x-real-ip: 127.0.0.1\n", "x-forwarded-for: 127.0.0.1\n", "x-forwarded-proto: http\n");
    }

    @Test
    void nginx_keeps_its_connection_to_a_guest_open_across_requests_of_different_clients() throws IOException {
        try (CountingGuestServer guest = new CountingGuestServer(KEEPALIVE_GUEST.toString(), nginx.settings.guestHttpPort())) {
            Route route = route("reuse", KEEPALIVE_GUEST);
            proxy.publish(route);
            try {
                for (int i = 0; i < 20; i++) {
                    // RawHttp opens a new client connection each time: only nginx's side can reuse anything.
                    RawHttp.Response page = get("/reuse/page-" + i);
                    assertThat(page.status()).isEqualTo(200);
                    assertThat(page.body()).isEqualTo("GET /page-" + i + " HTTP/1.1\nconnection: (none)\n");
                }
                assertThat(guest.accepted()).as("TCP connections the guest accepted for 20 requests (one worker)")
                        .isEqualTo(1);
                // After a pause longer than the kept connection's idle time, a request opens a fresh connection: a
                // guest that died silently in the pause would otherwise hold it until the read timeout.
                NginxUnderTest.sleep(2_500);
                assertThat(get("/reuse/after-a-pause").status()).isEqualTo(200);
                assertThat(guest.accepted()).as("connections after a pause of 2.5 s").isEqualTo(2);
                assertThat(Files.readString(nginx.httpDir.resolve("nestbox-site-reuse.upstream")))
                        .contains("upstream nestbox-site-reuse {", "server " + KEEPALIVE_GUEST + ":", "keepalive " + RouteFiles.KEEPALIVE_CONNECTIONS + ";");
            } finally {
                proxy.withdraw(route.site());
            }
            assertThat(nginx.httpDir.resolve("nestbox-site-reuse.upstream")).doesNotExist();
        }
    }

    @Test
    void each_site_reaches_its_own_guest_and_unknown_paths_are_not_found() throws IOException {
        proxy.publish(route("first", GUEST));
        proxy.publish(route("second", OTHER_GUEST));

        assertThat(get("/first/").body()).startsWith("guest 127.0.0.55\n");
        assertThat(get("/second/").body()).startsWith("guest 127.0.0.56\n");
        assertThat(get("/nobody-here/").status()).isEqualTo(404);
    }

    @Test
    void the_ssh_route_forwards_bytes_both_ways_and_its_port_shows_as_taken() throws IOException {
        Route route = route("shell", GUEST);
        assertThat(nginx.adapter.hostPorts().isListening(route.sshPort())).isFalse();

        proxy.publish(route);

        assertThat(nginx.adapter.hostPorts().isListening(route.sshPort())).isTrue();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", route.sshPort()), 5_000);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] hello = "SSH-2.0-test\r\n".getBytes(StandardCharsets.US_ASCII);
            out.write(hello);
            out.flush();
            assertThat(in.readNBytes(hello.length)).isEqualTo(hello);
            byte[] bulk = new byte[256 * 1024];
            new java.util.Random(7).nextBytes(bulk);
            Thread writer = new Thread(() -> {
                try {
                    out.write(bulk);
                    out.flush();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.start();
            assertThat(in.readNBytes(bulk.length)).isEqualTo(bulk);
        }
    }

    @Test
    void a_site_whose_guest_is_down_gets_our_unavailable_page() throws IOException {
        proxy.publish(route("sleepy", DOWN_GUEST));

        RawHttp.Response page = get("/sleepy/");

        assertThat(page.status()).isEqualTo(502);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("This site is starting or temporarily unavailable");
        assertThat(page.body()).doesNotContain("nginx");
    }

    @Test
    void withdrawing_removes_the_routes_and_withdrawing_again_is_fine() throws IOException {
        Route route = route("leaving", GUEST);
        proxy.publish(route);
        assertThat(get("/leaving/").status()).isEqualTo(200);

        proxy.withdraw(route.site());
        proxy.withdraw(route.site());

        assertThat(get("/leaving/").status()).isEqualTo(404);
        assertThat(nginx.adapter.hostPorts().isListening(route.sshPort())).isFalse();
        assertThat(nginx.httpDir.resolve("nestbox-site-leaving.conf")).doesNotExist();
        assertThat(nginx.streamDir.resolve("nestbox-ssh-leaving.conf")).doesNotExist();
    }

    @Test
    void a_change_nginx_refuses_is_taken_back_and_the_old_configuration_keeps_serving() throws IOException {
        Route keeper = route("keeper", GUEST);
        proxy.publish(keeper);
        Path keeperStream = nginx.streamDir.resolve("nestbox-ssh-keeper.conf");
        String before = Files.readString(keeperStream);
        Route clash = new Route(SiteName.of("clash"), GUEST, NginxUnderTest.freePort());
        proxy.publish(clash);
        long master = nginx.masterPid();

        // Two servers on one SSH port: nginx -t refuses it.
        Route moved = new Route(keeper.site(), OTHER_GUEST, clash.sshPort());
        assertThatThrownBy(() -> proxy.publish(moved))
                .isInstanceOf(NginxConfigRejected.class)
                .hasMessageContaining("duplicate")
                .hasMessageContaining("127.0.0.1:" + clash.sshPort())
                .satisfies(e -> assertThat(((NginxConfigRejected) e).dependency()).isEqualTo("reverse proxy"));

        assertThat(Files.readString(keeperStream)).isEqualTo(before);
        assertThat(nginx.masterPid()).isEqualTo(master);
        assertThat(nginx.masterAlive()).isTrue();
        assertThat(get("/keeper/").body()).startsWith("guest 127.0.0.55\n");
        assertThat(nginx.adapter.hostPorts().isListening(keeper.sshPort())).isTrue();
        assertThat(nginx.adapter.configurationProblem()).isEmpty();
    }

    @Test
    void an_ssh_port_another_program_holds_is_refused_before_nginx_would_fail_to_bind() throws IOException {
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Route route = new Route(SiteName.of("squatted"), GUEST, squatter.getLocalPort());
            int reloads = nginx.reloads();

            assertThatThrownBy(() -> proxy.publish(route))
                    .isInstanceOf(NginxConfigRejected.class)
                    .hasMessageContaining("already in use");

            assertThat(nginx.reloads()).isEqualTo(reloads);
            assertThat(nginx.httpDir.resolve("nestbox-site-squatted.conf")).doesNotExist();
            assertThat(nginx.streamDir.resolve("nestbox-ssh-squatted.conf")).doesNotExist();

            // Reconciliation still repairs the site's web route and leaves out only the SSH route it cannot bind.
            List<Route> desired = new ArrayList<>(currentSites());
            desired.add(route);
            proxy.reconcile(desired);
            assertThat(nginx.httpDir.resolve("nestbox-site-squatted.conf")).exists();
            assertThat(nginx.streamDir.resolve("nestbox-ssh-squatted.conf")).doesNotExist();
            assertThat(get("/squatted/").status()).isEqualTo(200);
        } finally {
            proxy.withdraw(SiteName.of("squatted"));
        }
    }

    @Test
    void websocket_upgrades_pass_through_to_the_guest() throws IOException {
        try (GuestWebSocketServer ws = new GuestWebSocketServer(WS_GUEST.toString(), nginx.settings.guestHttpPort())) {
            proxy.publish(route("chat", WS_GUEST));
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", nginx.sitesPort), 5_000);
                socket.setSoTimeout(5_000);
                OutputStream out = socket.getOutputStream();
                out.write(("GET /chat/socket HTTP/1.1\r\nHost: " + SITES_HOST + "\r\nUpgrade: websocket\r\n"
                        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                String head = readHead(in);
                assertThat(head).startsWith("HTTP/1.1 101");
                out.write("ping over the upgraded connection".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(new String(in.readNBytes(33), StandardCharsets.US_ASCII))
                        .isEqualTo("ping over the upgraded connection");
            }
            assertThat(ws.requestHeads()).singleElement().asString()
                    .startsWith("GET /socket HTTP/1.1")
                    .containsIgnoringCase("upgrade: websocket")
                    .containsIgnoringCase("connection: upgrade");
        }
    }

    @Test
    void a_request_body_over_the_configured_limit_is_refused() throws IOException {
        proxy.publish(route("uploads", GUEST));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", nginx.sitesPort), 5_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("POST /uploads/file HTTP/1.0\r\nHost: " + SITES_HOST
                    + "\r\nContent-Length: " + (65L * 1024 * 1024) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 413");
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    @Test
    void a_broken_foreign_file_makes_changes_fail_and_nginx_keeps_its_running_configuration() throws IOException {
        proxy.publish(route("steady", GUEST));
        Path broken = nginx.httpDir.resolve("operator-broken.conf");
        Files.writeString(broken, "this_is_not_a_directive on;\n");
        try {
            assertThatThrownBy(() -> proxy.publish(route("newcomer", GUEST)))
                    .isInstanceOf(NginxConfigRejected.class)
                    .hasMessageContaining("unknown directive \"this_is_not_a_directive\"");
            assertThat(nginx.httpDir.resolve("nestbox-site-newcomer.conf")).doesNotExist();
            assertThat(nginx.streamDir.resolve("nestbox-ssh-newcomer.conf")).doesNotExist();
            assertThat(nginx.adapter.configurationProblem()).get().asString().contains("this_is_not_a_directive");
            assertThat(get("/steady/").status()).isEqualTo(200);
            assertThat(get("/newcomer/").status()).isEqualTo(404);
        } finally {
            Files.delete(broken);
        }
        proxy.publish(route("newcomer", GUEST));
        assertThat(get("/newcomer/").status()).isEqualTo(200);
    }

    @Test
    void in_a_batch_only_the_breaking_change_is_refused() throws Exception {
        Route taken = route("holder", GUEST);
        proxy.publish(taken);
        int sites = 12;
        ExecutorService pool = Executors.newFixedThreadPool(sites + 1);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> good = new ArrayList<>();
            for (int i = 0; i < sites; i++) {
                Route r = route("batch-" + i, GUEST);
                good.add(pool.submit(() -> {
                    go.await();
                    proxy.publish(r);
                    return null;
                }));
            }
            Route bad = new Route(SiteName.of("intruder"), GUEST, taken.sshPort());
            Future<?> refused = pool.submit(() -> {
                go.await();
                proxy.publish(bad);
                return null;
            });
            go.countDown();
            for (Future<?> f : good) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertThatThrownBy(() -> refused.get(60, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(NginxConfigRejected.class);
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < sites; i++) {
            assertThat(get("/batch-" + i + "/").status()).isEqualTo(200);
        }
        assertThat(get("/intruder/").status()).isEqualTo(404);
        assertThat(nginx.streamDir.resolve("nestbox-ssh-intruder.conf")).doesNotExist();
    }

    @Test
    void reloads_under_a_stream_of_requests_drop_none() throws Exception {
        proxy.publish(route("busy", GUEST));
        int reloadsBefore = nginx.reloads();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        int clients = 8;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            pool.submit(() -> {
                while (running.get()) {
                    try {
                        // The guest waits 30 ms, so requests are in flight whenever a reload lands.
                        RawHttp.Response r = get("/busy/?delay=30");
                        if (r.status() == 200 && r.body().startsWith("guest 127.0.0.55\n")) {
                            ok.incrementAndGet();
                        } else {
                            failures.add("status " + r.status());
                        }
                    } catch (IOException e) {
                        failures.add(e.toString());
                    }
                }
            });
        }
        int changes = 10;
        for (int i = 0; i < changes; i++) {
            NginxUnderTest.sleep(100);
            if (i % 2 == 0) {
                proxy.publish(route("churn", OTHER_GUEST));
            } else {
                proxy.withdraw(SiteName.of("churn"));
            }
        }
        NginxUnderTest.sleep(100);
        running.set(false);
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        // Each change is applied alone (the next one starts after it returned), so each costs exactly one reload.
        assertThat(nginx.reloads() - reloadsBefore).isEqualTo(changes);
        assertThat(failures).isEmpty();
        assertThat(ok.get()).isGreaterThan(100);
        System.out.printf("reload under load: %d reloads, %d requests answered, %d failed%n",
                nginx.reloads() - reloadsBefore, ok.get(), failures.size());
    }

    @Test
    void a_hundred_publishes_that_arrive_while_a_batch_is_applied_cost_exactly_one_reload() throws Exception {
        ConfigApplier applier = nginx.adapter.applier();
        applier.apply(batch -> List.of()); // pays a reload an earlier test may have left owed
        int reloadsBefore = nginx.reloads();
        int sites = 100;
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(sites + 1);
        List<Future<?>> done = new ArrayList<>();
        long start = System.nanoTime();
        try {
            // Holds the writer inside a batch of its own, which changes nothing, while the publishes queue up.
            Future<?> blocker = pool.submit(() -> applier.apply(batch -> {
                busy.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return List.of();
            }));
            assertThat(busy.await(60, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < sites; i++) {
                Route r = route("crowd-" + i, i % 2 == 0 ? GUEST : OTHER_GUEST);
                done.add(pool.submit(() -> {
                    proxy.publish(r);
                    return null;
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (applier.waiting() < sites) {
                assertThat(System.nanoTime()).as("all publishes queued; " + applier.waiting() + " are")
                        .isLessThan(deadline);
                NginxUnderTest.sleep(5);
            }
            release.countDown();
            blocker.get(60, TimeUnit.SECONDS);
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        int reloads = nginx.reloads() - reloadsBefore;
        System.out.printf("100 concurrent publishes: %d reloads, %d ms%n", reloads, elapsedMs);

        assertThat(reloads).as("one batch, one nginx -t, one reload").isEqualTo(1);
        // Each publish returned only after a reload that includes it: all answer right away.
        for (int i = 0; i < sites; i++) {
            assertThat(get("/crowd-" + i + "/").status()).as("crowd-" + i).isEqualTo(200);
        }
    }

    @Test
    void reconciliation_repairs_deleted_and_stray_routes_and_leaves_foreign_files_alone() throws IOException {
        Route kept = route("kept", GUEST);
        Route damaged = route("damaged", OTHER_GUEST);
        proxy.publish(kept);
        proxy.publish(damaged);
        Files.delete(nginx.httpDir.resolve("nestbox-site-damaged.conf"));
        Files.delete(nginx.httpDir.resolve("nestbox-site-damaged.upstream"));
        Path stray = nginx.httpDir.resolve("nestbox-site-ghost.conf");
        Files.writeString(stray, "location /ghost/ { return 200 'ghost'; }\n");
        Path strayStream = nginx.streamDir.resolve("nestbox-ssh-ghost.conf");
        Files.writeString(strayStream, "# nothing\n");
        Path foreign = nginx.httpDir.resolve("operator-extra.conf");
        Files.writeString(foreign, "location = /operator-extra { return 204; }\n");
        Path foreignStream = nginx.streamDir.resolve("operator-notes.txt");
        Files.writeString(foreignStream, "keep me\n");
        Path leftover = nginx.httpDir.resolve(".nestbox-site-kept.conf.x1y2.tmp");
        Files.writeString(leftover, "half written");
        Path upstreamLeftover = nginx.httpDir.resolve(".nestbox-site-kept.upstream.x1y2.tmp");
        Files.writeString(upstreamLeftover, "half written");
        Path strayUpstream = nginx.httpDir.resolve("nestbox-site-ghost.upstream");
        Files.writeString(strayUpstream, "upstream nestbox-site-ghost {\n    server 127.0.0.9:80;\n}\n");
        // The stray site is live before reconciliation, so its removal is visible.
        proxy.publish(route("trigger", GUEST));
        assertThat(get("/ghost/").status()).isEqualTo(200);

        List<Route> desired = new ArrayList<>(currentSites());
        desired.removeIf(r -> r.site().value().equals("trigger"));
        ReverseProxy.Reconciliation fixed = proxy.reconcile(desired);

        assertThat(fixed.written()).containsExactlyInAnyOrder(nginx.httpDir.resolve("nestbox-site-damaged.conf").toString(),
                nginx.httpDir.resolve("nestbox-site-damaged.upstream").toString());
        assertThat(fixed.removed()).containsExactlyInAnyOrder(stray.toString(), strayStream.toString(),
                leftover.toString(), strayUpstream.toString(), upstreamLeftover.toString(),
                nginx.httpDir.resolve("nestbox-site-trigger.conf").toString(),
                nginx.httpDir.resolve("nestbox-site-trigger.upstream").toString(),
                nginx.streamDir.resolve("nestbox-ssh-trigger.conf").toString());
        assertThat(foreign).exists();
        assertThat(foreignStream).exists();
        assertThat(get("/damaged/").body()).startsWith("guest 127.0.0.56\n");
        assertThat(get("/ghost/").status()).isEqualTo(404);
        assertThat(get("/operator-extra").status()).isEqualTo(204);

        int reloads = nginx.reloads();
        assertThat(proxy.reconcile(desired).fixes()).isZero();
        assertThat(nginx.reloads()).isEqualTo(reloads);
        Files.delete(foreign);
    }

    @Test
    void published_lists_our_route_files_with_the_ssh_ports_they_listen_on_and_nothing_foreign() throws IOException {
        Route listed = route("listed", GUEST);
        proxy.publish(listed);
        Path stray = nginx.streamDir.resolve("nestbox-ssh-strayport.conf");
        Files.writeString(stray, "# by hand\nserver {\n    listen 127.0.0.1:29999;\n    proxy_pass 127.0.0.9:22;\n}\n");
        Path foreign = nginx.httpDir.resolve("operator-listed.conf");
        Files.writeString(foreign, "# not ours\n");
        try {
            List<ReverseProxy.Published> published = proxy.published();

            assertThat(published).filteredOn(p -> p.site().value().equals("listed")).containsExactly(
                    new ReverseProxy.Published(SiteName.of("listed"), "nestbox-site-listed.conf", OptionalInt.empty()),
                    new ReverseProxy.Published(SiteName.of("listed"), "nestbox-site-listed.upstream", OptionalInt.empty()),
                    new ReverseProxy.Published(SiteName.of("listed"), "nestbox-ssh-listed.conf",
                            OptionalInt.of(listed.sshPort())));
            assertThat(published).filteredOn(p -> p.site().value().equals("strayport")).singleElement()
                    .satisfies(p -> {
                        assertThat(p.sshPort()).hasValue(29999);
                        assertThat(p.kind()).isEqualTo("ssh route");
                    });
            assertThat(published).extracting(ReverseProxy.Published::file).doesNotContain("operator-listed.conf");
        } finally {
            Files.delete(stray);
            Files.delete(foreign);
            proxy.withdraw(listed.site());
        }
    }

    /** Routes equal to what is on disk for every site other tests published, read back from the files. */
    private static List<Route> currentSites() throws IOException {
        List<Route> routes = new ArrayList<>();
        try (var files = Files.list(nginx.streamDir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (!name.startsWith("nestbox-ssh-") || name.equals("nestbox-ssh-ghost.conf")) {
                    continue;
                }
                String site = name.substring("nestbox-ssh-".length(), name.length() - ".conf".length());
                String text = Files.readString(file);
                int port = Integer.parseInt(text.replaceAll("(?s).*listen 127\\.0\\.0\\.1:(\\d+).*", "$1"));
                String address = text.replaceAll("(?s).*proxy_pass ([0-9.]+):.*", "$1");
                routes.add(new Route(SiteName.of(site), Ipv4Address.parse(address), port));
            }
        }
        return routes;
    }
}
