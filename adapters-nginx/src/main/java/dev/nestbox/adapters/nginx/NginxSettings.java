package dev.nestbox.adapters.nginx;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How Nestbox drives nginx: where its per-site files go, how nginx is validated and reloaded, and what the routes
 * look like. Start from {@link #of} and adjust with the {@code with...} methods; every value is checked here, so
 * nothing unchecked ever reaches a configuration file.
 *
 * @param httpRoutesDir     directory of per-site HTTP files, included by the sites origin (path mode) or the
 *                          {@code http} block (subdomain mode); only files named {@code nestbox-site-*.conf} are ours
 * @param streamRoutesDir   directory of per-site SSH files, included by the {@code stream} block; only files named
 *                          {@code nestbox-ssh-*.conf} are ours
 * @param testCommand       validates the whole configuration, e.g. {@code nginx -t -p PREFIX -c CONF}
 * @param reloadCommand     graceful reload, e.g. {@code nginx -s reload -p PREFIX -c CONF}
 * @param pidFile           nginx's master pid file; when present a reload counts only once new workers run
 * @param routing           path mode ({@code https://sites/<site>/}) or subdomain mode ({@code https://<site>.sites/})
 * @param sitesHost         host name of the sites origin
 * @param listenAddress     address the HTTP(S) origins listen on, {@code *} for all
 * @param httpPort          plain HTTP port of the origins
 * @param httpsPort         TLS port of the origins, used when {@code tls} is present
 * @param tls               certificate and key; when present the origins speak TLS and plain HTTP redirects
 * @param sshListenAddress  address the per-site SSH ports listen on, {@code *} for all
 * @param guestHttpPort     the guest's web server port
 * @param guestSshPort      the guest's SSH server port
 * @param clientMaxBodySize largest request body a site accepts, nginx syntax ({@code 64m})
 * @param upstreamConnectTimeout how long nginx tries to reach a guest before answering our 504/502 page
 * @param upstreamReadTimeout    how long a guest may stay silent on one request
 * @param sshIdleTimeout         how long an SSH or SFTP session may stay silent before it is cut
 * @param coalesceWindow         how long to gather concurrent changes before validating and reloading once
 * @param commandTimeout         limit for one nginx command and for new workers to appear after a reload
 */
public record NginxSettings(
        Path httpRoutesDir,
        Path streamRoutesDir,
        List<String> testCommand,
        List<String> reloadCommand,
        Optional<Path> pidFile,
        Routing routing,
        String sitesHost,
        String listenAddress,
        int httpPort,
        int httpsPort,
        Optional<Tls> tls,
        String sshListenAddress,
        int guestHttpPort,
        int guestSshPort,
        String clientMaxBodySize,
        Duration upstreamConnectTimeout,
        Duration upstreamReadTimeout,
        Duration sshIdleTimeout,
        Duration coalesceWindow,
        Duration commandTimeout) {

    public enum Routing {
        /** {@code https://<sites host>/<site>/}: one origin for every site; the default. */
        PATH,
        /** {@code https://<site>.<sites host>/}: one origin per site, so sites cannot read each other's cookies. */
        SUBDOMAIN
    }

    public record Tls(Path certificate, Path key) {
        public Tls {
            ConfigSyntax.absolutePath("tls certificate", certificate);
            ConfigSyntax.absolutePath("tls key", key);
        }
    }

    public NginxSettings {
        ConfigSyntax.absolutePath("httpRoutesDir", httpRoutesDir);
        ConfigSyntax.absolutePath("streamRoutesDir", streamRoutesDir);
        if (httpRoutesDir.equals(streamRoutesDir)) {
            throw new IllegalArgumentException("httpRoutesDir and streamRoutesDir must differ: the http and stream"
                    + " blocks each include every file of their directory");
        }
        testCommand = command("testCommand", testCommand);
        reloadCommand = command("reloadCommand", reloadCommand);
        required("pidFile", pidFile);
        pidFile.ifPresent(p -> ConfigSyntax.absolutePath("pidFile", p));
        required("routing", routing);
        ConfigSyntax.host("sitesHost", sitesHost);
        ConfigSyntax.listenAddress("listenAddress", listenAddress);
        ConfigSyntax.port("httpPort", httpPort);
        ConfigSyntax.port("httpsPort", httpsPort);
        required("tls", tls);
        if (tls.isPresent() && httpPort == httpsPort) {
            throw new IllegalArgumentException("httpPort and httpsPort must differ when TLS is on");
        }
        ConfigSyntax.listenAddress("sshListenAddress", sshListenAddress);
        ConfigSyntax.port("guestHttpPort", guestHttpPort);
        ConfigSyntax.port("guestSshPort", guestSshPort);
        ConfigSyntax.size("clientMaxBodySize", clientMaxBodySize);
        ConfigSyntax.seconds("upstreamConnectTimeout", upstreamConnectTimeout);
        ConfigSyntax.seconds("upstreamReadTimeout", upstreamReadTimeout);
        ConfigSyntax.seconds("sshIdleTimeout", sshIdleTimeout);
        if (coalesceWindow == null || coalesceWindow.isNegative()) {
            throw new IllegalArgumentException("coalesceWindow must not be negative: " + coalesceWindow);
        }
        ConfigSyntax.seconds("commandTimeout", commandTimeout);
    }

    /**
     * Defaults for an nginx started as {@code nginx -p prefix -c configFile}: path routing, all addresses, ports
     * 80/443 without TLS, guest ports 80/22, 64m bodies, SSH sessions kept for 2 hours of silence.
     */
    public static NginxSettings of(Path prefix, Path configFile, Path pidFile, Path httpRoutesDir,
                                   Path streamRoutesDir, String sitesHost) {
        ConfigSyntax.absolutePath("prefix", prefix);
        ConfigSyntax.absolutePath("configFile", configFile);
        String p = prefix.toString().endsWith("/") ? prefix.toString() : prefix + "/";
        return new NginxSettings(httpRoutesDir, streamRoutesDir,
                List.of("nginx", "-t", "-q", "-p", p, "-c", configFile.toString()),
                List.of("nginx", "-s", "reload", "-p", p, "-c", configFile.toString()),
                Optional.of(pidFile), Routing.PATH, sitesHost, ConfigSyntax.ALL_ADDRESSES, 80, 443, Optional.empty(),
                ConfigSyntax.ALL_ADDRESSES, 80, 22, "64m", Duration.ofSeconds(5), Duration.ofSeconds(120),
                Duration.ofHours(2), Duration.ofMillis(50), Duration.ofSeconds(30));
    }

    public NginxSettings withCommands(List<String> test, List<String> reload) {
        return new NginxSettings(httpRoutesDir, streamRoutesDir, test, reload, pidFile, routing, sitesHost,
                listenAddress, httpPort, httpsPort, tls, sshListenAddress, guestHttpPort, guestSshPort,
                clientMaxBodySize, upstreamConnectTimeout, upstreamReadTimeout, sshIdleTimeout, coalesceWindow,
                commandTimeout);
    }

    public NginxSettings withRouting(Routing newRouting) {
        return new NginxSettings(httpRoutesDir, streamRoutesDir, testCommand, reloadCommand, pidFile, newRouting,
                sitesHost, listenAddress, httpPort, httpsPort, tls, sshListenAddress, guestHttpPort, guestSshPort,
                clientMaxBodySize, upstreamConnectTimeout, upstreamReadTimeout, sshIdleTimeout, coalesceWindow,
                commandTimeout);
    }

    public NginxSettings withListen(String address, int plainPort, int tlsPort) {
        return new NginxSettings(httpRoutesDir, streamRoutesDir, testCommand, reloadCommand, pidFile, routing,
                sitesHost, address, plainPort, tlsPort, tls, sshListenAddress, guestHttpPort, guestSshPort,
                clientMaxBodySize, upstreamConnectTimeout, upstreamReadTimeout, sshIdleTimeout, coalesceWindow,
                commandTimeout);
    }

    public NginxSettings withTls(Tls newTls) {
        return new NginxSettings(httpRoutesDir, streamRoutesDir, testCommand, reloadCommand, pidFile, routing,
                sitesHost, listenAddress, httpPort, httpsPort, Optional.of(newTls), sshListenAddress, guestHttpPort,
                guestSshPort, clientMaxBodySize, upstreamConnectTimeout, upstreamReadTimeout, sshIdleTimeout,
                coalesceWindow, commandTimeout);
    }

    public NginxSettings withSshListenAddress(String address) {
        return new NginxSettings(httpRoutesDir, streamRoutesDir, testCommand, reloadCommand, pidFile, routing,
                sitesHost, listenAddress, httpPort, httpsPort, tls, address, guestHttpPort, guestSshPort,
                clientMaxBodySize, upstreamConnectTimeout, upstreamReadTimeout, sshIdleTimeout, coalesceWindow,
                commandTimeout);
    }

    public NginxSettings withGuestPorts(int http, int ssh) {
        return new NginxSettings(httpRoutesDir, streamRoutesDir, testCommand, reloadCommand, pidFile, routing,
                sitesHost, listenAddress, httpPort, httpsPort, tls, sshListenAddress, http, ssh,
                clientMaxBodySize, upstreamConnectTimeout, upstreamReadTimeout, sshIdleTimeout, coalesceWindow,
                commandTimeout);
    }

    public NginxSettings withClientMaxBodySize(String size) {
        return new NginxSettings(httpRoutesDir, streamRoutesDir, testCommand, reloadCommand, pidFile, routing,
                sitesHost, listenAddress, httpPort, httpsPort, tls, sshListenAddress, guestHttpPort, guestSshPort,
                size, upstreamConnectTimeout, upstreamReadTimeout, sshIdleTimeout, coalesceWindow, commandTimeout);
    }

    public NginxSettings withTimeouts(Duration connect, Duration read, Duration sshIdle) {
        return new NginxSettings(httpRoutesDir, streamRoutesDir, testCommand, reloadCommand, pidFile, routing,
                sitesHost, listenAddress, httpPort, httpsPort, tls, sshListenAddress, guestHttpPort, guestSshPort,
                clientMaxBodySize, connect, read, sshIdle, coalesceWindow, commandTimeout);
    }

    public NginxSettings withCoalesceWindow(Duration window) {
        return new NginxSettings(httpRoutesDir, streamRoutesDir, testCommand, reloadCommand, pidFile, routing,
                sitesHost, listenAddress, httpPort, httpsPort, tls, sshListenAddress, guestHttpPort, guestSshPort,
                clientMaxBodySize, upstreamConnectTimeout, upstreamReadTimeout, sshIdleTimeout, window,
                commandTimeout);
    }

    private static List<String> command(String field, List<String> command) {
        if (command == null || command.isEmpty() || command.stream().anyMatch(s -> s == null || s.isBlank())) {
            throw new IllegalArgumentException(field + " must be a non-empty command without blank words");
        }
        return List.copyOf(command);
    }

    private static void required(String field, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
    }
}
