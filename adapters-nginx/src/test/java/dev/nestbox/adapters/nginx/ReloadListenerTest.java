package dev.nestbox.adapters.nginx;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReloadListenerTest {
    @TempDir
    Path dir;

    private final AtomicInteger reloaded = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final ReloadListener counting = new ReloadListener() {
        @Override
        public void reloaded() {
            reloaded.incrementAndGet();
        }

        @Override
        public void reloadFailed() {
            failed.incrementAndGet();
        }
    };

    /** Commands that stand in for nginx; no pid file, so a reload is done when its command succeeds. */
    private NginxSettings settings(String reload) {
        NginxSettings d = NginxSettings.of(dir, dir.resolve("nginx.conf"), dir.resolve("nginx.pid"),
                dir.resolve("sites"), dir.resolve("streams"), "sites.test");
        return new NginxSettings(d.httpRoutesDir(), d.streamRoutesDir(), List.of("true"), List.of(reload),
                Optional.empty(), d.routing(), d.sitesHost(), d.listenAddress(), d.httpPort(), d.httpsPort(),
                d.tls(), d.sshListenAddress(), d.guestHttpPort(), d.guestSshPort(), d.clientMaxBodySize(),
                d.upstreamConnectTimeout(), d.upstreamReadTimeout(), d.sshIdleTimeout(), Duration.ZERO,
                Duration.ofSeconds(10));
    }

    @Test
    void hears_each_reload_that_nginx_took() {
        NginxProcess process = new NginxProcess(settings("true"), counting);

        process.reload();
        process.reload();

        assertThat(reloaded).hasValue(2);
        assertThat(failed).hasValue(0);
    }

    @Test
    void hears_a_failed_reload_and_the_caller_still_gets_the_failure() {
        NginxProcess process = new NginxProcess(settings("false"), counting);

        assertThatThrownBy(process::reload).isInstanceOf(NginxReloadFailed.class);

        assertThat(failed).hasValue(1);
        assertThat(reloaded).hasValue(0);
    }

    @Test
    void a_reload_whose_master_is_gone_counts_as_failed() {
        NginxSettings withPidFile = settings("true");
        withPidFile = new NginxSettings(withPidFile.httpRoutesDir(), withPidFile.streamRoutesDir(),
                withPidFile.testCommand(), withPidFile.reloadCommand(), Optional.of(dir.resolve("missing.pid")),
                withPidFile.routing(), withPidFile.sitesHost(), withPidFile.listenAddress(), withPidFile.httpPort(),
                withPidFile.httpsPort(), withPidFile.tls(), withPidFile.sshListenAddress(),
                withPidFile.guestHttpPort(), withPidFile.guestSshPort(), withPidFile.clientMaxBodySize(),
                withPidFile.upstreamConnectTimeout(), withPidFile.upstreamReadTimeout(), withPidFile.sshIdleTimeout(),
                withPidFile.coalesceWindow(), withPidFile.commandTimeout());
        NginxProcess process = new NginxProcess(withPidFile, counting);

        assertThatThrownBy(process::reload).isInstanceOf(NginxReloadFailed.class);

        assertThat(failed).hasValue(1);
    }
}
