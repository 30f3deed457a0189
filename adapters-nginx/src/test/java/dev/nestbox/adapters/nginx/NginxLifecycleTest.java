package dev.nestbox.adapters.nginx;

import dev.nestbox.application.port.out.ReverseProxy;
import dev.nestbox.application.port.out.ReverseProxy.Route;
import dev.nestbox.domain.hosting.Ipv4Address;
import dev.nestbox.domain.hosting.SiteName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the adapter does when nginx is not there to take a change. */
// Guest servers are opened in try-with-resources only to live as long as the test; nothing calls them directly.
@SuppressWarnings("try")
class NginxLifecycleTest {
    @TempDir
    Path prefix;

    @Test
    void a_change_while_nginx_is_down_fails_as_a_dependency_failure_and_is_loaded_once_nginx_runs() throws IOException {
        int guestHttp = NginxUnderTest.freePort();
        try (GuestHttpServer guest = new GuestHttpServer("127.0.0.63", guestHttp);
             NginxUnderTest nginx = NginxUnderTest.prepare(prefix, s -> s.withGuestPorts(guestHttp, 22), m -> m,
                     "http://127.0.0.1:9")) {
            ReverseProxy proxy = nginx.adapter.reverseProxy();
            Route route = new Route(SiteName.of("early"), Ipv4Address.parse("127.0.0.63"), NginxUnderTest.freePort());

            assertThatThrownBy(() -> proxy.publish(route))
                    .isInstanceOf(NginxReloadFailed.class)
                    .hasMessageContaining("not running")
                    .satisfies(e -> assertThat(((NginxFailure) e).dependency()).isEqualTo("reverse proxy"));
            assertThat(nginx.httpDir.resolve("nestbox-site-early.conf")).exists();
            assertThat(nginx.adapter.runningProblem()).hasValueSatisfying(p -> assertThat(p).contains("not running"));

            nginx.launch();
            assertThat(nginx.adapter.runningProblem()).isEmpty();
            // Nothing to write, but the reload the failure left owing still happens.
            ReverseProxy.Reconciliation fixed = proxy.reconcile(List.of(route));
            assertThat(fixed.fixes()).isZero();
            assertThat(nginx.reloads()).isEqualTo(1);
            assertThat(RawHttp.get(nginx.sitesPort, NginxUnderTest.SITES_HOST, "/early/").status()).isEqualTo(200);
        }
    }

    @Test
    void a_missing_nginx_binary_is_a_dependency_failure_naming_the_package() throws IOException {
        NginxSettings settings = NginxSettings.of(prefix, prefix.resolve("nginx.conf"), prefix.resolve("nginx.pid"),
                        prefix.resolve("sites"), prefix.resolve("streams"), "sites.test")
                .withCommands(List.of("/nonexistent/nginx", "-t"), List.of("/nonexistent/nginx", "-s", "reload"));
        try (Nginx adapter = new Nginx(settings)) {
            Route route = new Route(SiteName.of("orphan"), Ipv4Address.parse("127.0.0.64"), NginxUnderTest.freePort());
            assertThatThrownBy(() -> adapter.reverseProxy().publish(route))
                    .isInstanceOf(NginxFailure.class)
                    .hasMessageContaining("apt-get install nginx libnginx-mod-stream");
            // Taken back: nothing unvalidated stays on disk.
            assertThat(prefix.resolve("sites/nestbox-site-orphan.conf")).doesNotExist();
        }
    }
}
