package dev.nestbox.adapters.nginx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * What the product's own {@code nginx.conf} needs beyond {@link NginxSettings}: where nginx keeps its runtime files,
 * and the panel origin (API and dashboard). Start from {@link #of} and adjust with the {@code with...} methods.
 *
 * @param pidFile         must be the same file as {@link NginxSettings#pidFile()}
 * @param errorLog        nginx's error log; reload and refusal details land here
 * @param errorLogLevel   one of nginx's levels; {@code notice} records every reload
 * @param accessLog       access log, or none
 * @param tempDir         nginx's request-body and proxy buffers (Debian's defaults point into /var/lib/nginx)
 * @param workerUser      user the workers run as when the master runs as root; nginx's default otherwise
 * @param streamModule    {@code load_module} path when nginx's stream module is dynamic (Debian); empty if built in
 * @param workerProcesses 0 for one per core
 * @param panelHost       host name of the panel origin
 * @param panelHttpPort   plain HTTP port of the panel origin
 * @param panelHttpsPort  TLS port of the panel origin when TLS is on
 * @param panelUpstream   where the API and dashboard listen, e.g. {@code http://127.0.0.1:8080}
 * @param singleOrigin    serve the panel and the sites from one origin; a site's scripts could then read the
 *                        panel's tokens, so this is only for trusted set-ups and logs a warning
 */
public record MainConfig(
        Path pidFile,
        Path errorLog,
        String errorLogLevel,
        Optional<Path> accessLog,
        Path tempDir,
        Optional<String> workerUser,
        Optional<Path> streamModule,
        int workerProcesses,
        String panelHost,
        int panelHttpPort,
        int panelHttpsPort,
        String panelUpstream,
        boolean singleOrigin) {

    /** Where Debian's {@code libnginx-mod-stream} puts the module. */
    public static final Path DEBIAN_STREAM_MODULE = Path.of("/usr/lib/nginx/modules/ngx_stream_module.so");
    private static final Set<String> LEVELS = Set.of("debug", "info", "notice", "warn", "error", "crit");

    public MainConfig {
        ConfigSyntax.absolutePath("pidFile", pidFile);
        ConfigSyntax.absolutePath("errorLog", errorLog);
        if (!LEVELS.contains(errorLogLevel)) {
            throw new IllegalArgumentException("errorLogLevel must be one of " + LEVELS + ": " + errorLogLevel);
        }
        if (accessLog == null || workerUser == null || streamModule == null) {
            throw new IllegalArgumentException("accessLog, workerUser and streamModule are required (maybe empty)");
        }
        accessLog.ifPresent(p -> ConfigSyntax.absolutePath("accessLog", p));
        ConfigSyntax.absolutePath("tempDir", tempDir);
        workerUser.ifPresent(u -> {
            if (!u.matches("^[a-z_][a-z0-9_-]{0,31}$")) {
                throw new IllegalArgumentException("workerUser must be a plain user name: " + u);
            }
        });
        streamModule.ifPresent(p -> ConfigSyntax.absolutePath("streamModule", p));
        if (workerProcesses < 0 || workerProcesses > 1024) {
            throw new IllegalArgumentException("workerProcesses must be 0 (auto) to 1024: " + workerProcesses);
        }
        ConfigSyntax.host("panelHost", panelHost);
        ConfigSyntax.port("panelHttpPort", panelHttpPort);
        ConfigSyntax.port("panelHttpsPort", panelHttpsPort);
        ConfigSyntax.upstream("panelUpstream", panelUpstream);
    }

    /**
     * Runtime files under {@code runtimeDir} (pid, logs, buffers), panel on ports 80/443, the Debian stream module
     * when it is installed, two origins.
     */
    public static MainConfig of(Path runtimeDir, String panelHost, String panelUpstream) {
        ConfigSyntax.absolutePath("runtimeDir", runtimeDir);
        return new MainConfig(runtimeDir.resolve("nginx.pid"), runtimeDir.resolve("error.log"), "notice",
                Optional.of(runtimeDir.resolve("access.log")), runtimeDir.resolve("tmp"), Optional.empty(),
                Files.isRegularFile(DEBIAN_STREAM_MODULE) ? Optional.of(DEBIAN_STREAM_MODULE) : Optional.empty(),
                0, panelHost, 80, 443, panelUpstream, false);
    }

    public MainConfig withPanelPorts(int http, int https) {
        return new MainConfig(pidFile, errorLog, errorLogLevel, accessLog, tempDir, workerUser, streamModule,
                workerProcesses, panelHost, http, https, panelUpstream, singleOrigin);
    }

    public MainConfig withPanelHost(String host) {
        return new MainConfig(pidFile, errorLog, errorLogLevel, accessLog, tempDir, workerUser, streamModule,
                workerProcesses, host, panelHttpPort, panelHttpsPort, panelUpstream, singleOrigin);
    }

    public MainConfig withWorkerUser(String user) {
        return new MainConfig(pidFile, errorLog, errorLogLevel, accessLog, tempDir, Optional.of(user), streamModule,
                workerProcesses, panelHost, panelHttpPort, panelHttpsPort, panelUpstream, singleOrigin);
    }

    public MainConfig withWorkerProcesses(int count) {
        return new MainConfig(pidFile, errorLog, errorLogLevel, accessLog, tempDir, workerUser, streamModule,
                count, panelHost, panelHttpPort, panelHttpsPort, panelUpstream, singleOrigin);
    }

    public MainConfig withStreamModule(Optional<Path> module) {
        return new MainConfig(pidFile, errorLog, errorLogLevel, accessLog, tempDir, workerUser, module,
                workerProcesses, panelHost, panelHttpPort, panelHttpsPort, panelUpstream, singleOrigin);
    }

    /** Opt-in only: see {@link #singleOrigin()}. */
    public MainConfig withSingleOrigin(boolean single) {
        return new MainConfig(pidFile, errorLog, errorLogLevel, accessLog, tempDir, workerUser, streamModule,
                workerProcesses, panelHost, panelHttpPort, panelHttpsPort, panelUpstream, single);
    }
}
