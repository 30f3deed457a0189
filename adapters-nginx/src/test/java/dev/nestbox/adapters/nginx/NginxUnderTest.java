package dev.nestbox.adapters.nginx;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.fail;

/**
 * A real nginx, private to one test class: its own prefix in a temporary directory, its own configuration rendered
 * by the adapter, listening on free unprivileged ports of 127.0.0.1 only, stopped afterwards.
 */
final class NginxUnderTest implements AutoCloseable {
    static final String SITES_HOST = "sites.test";
    static final String PANEL_HOST = "panel.test";
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    private static final String INSTALL = "apt-get install nginx libnginx-mod-stream";

    final Path prefix;
    final Path configFile;
    final Path httpDir;
    final Path streamDir;
    final Path runDir;
    final int sitesPort;
    final int panelPort;
    final NginxSettings settings;
    final MainConfig main;
    final Nginx adapter;
    private final Path binary;

    private NginxUnderTest(Path prefix, UnaryOperator<NginxSettings> tuneSettings, UnaryOperator<MainConfig> tuneMain,
                           String panelUpstream) throws IOException {
        this.binary = requireNginx();
        this.prefix = prefix;
        this.configFile = prefix.resolve("conf/nginx.conf");
        this.httpDir = prefix.resolve("sites");
        this.streamDir = prefix.resolve("streams");
        this.runDir = prefix.resolve("run");
        Files.createDirectories(configFile.getParent());
        Files.createDirectories(runDir);
        this.sitesPort = freePort();
        this.panelPort = freePort();
        MainConfig base = MainConfig.of(runDir, PANEL_HOST, panelUpstream)
                .withPanelPorts(panelPort, freePort())
                .withWorkerProcesses(1);
        if ("root".equals(System.getProperty("user.name"))) {
            // Workers would otherwise run as nobody, who cannot enter the test's private temporary directory.
            base = base.withWorkerUser("root");
        }
        this.main = tuneMain.apply(base);
        NginxSettings defaults = NginxSettings.of(prefix, configFile, main.pidFile(), httpDir, streamDir, SITES_HOST)
                .withListen("127.0.0.1", sitesPort, freePort())
                .withSshListenAddress("127.0.0.1")
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofHours(2));
        String p = prefix + "/";
        this.settings = tuneSettings.apply(defaults).withCommands(
                List.of(binary.toString(), "-t", "-q", "-p", p, "-c", configFile.toString()),
                List.of(binary.toString(), "-s", "reload", "-p", p, "-c", configFile.toString()));
        this.adapter = new Nginx(settings);
        adapter.writeMainConfig(main, configFile);
    }

    static NginxUnderTest start(Path prefix) throws IOException {
        return start(prefix, s -> s, m -> m, "http://127.0.0.1:9");
    }

    static NginxUnderTest start(Path prefix, UnaryOperator<NginxSettings> tuneSettings,
                                UnaryOperator<MainConfig> tuneMain, String panelUpstream) throws IOException {
        NginxUnderTest nginx = prepare(prefix, tuneSettings, tuneMain, panelUpstream);
        nginx.launch();
        return nginx;
    }

    /** Configuration written, adapter built, nginx not started yet. */
    static NginxUnderTest prepare(Path prefix, UnaryOperator<NginxSettings> tuneSettings,
                                  UnaryOperator<MainConfig> tuneMain, String panelUpstream) throws IOException {
        return new NginxUnderTest(prefix, tuneSettings, tuneMain, panelUpstream);
    }

    /** Where nginx lives; fails the test naming the package when it is missing. */
    static Path requireNginx() {
        Optional<Path> found = findNginx();
        if (found.isEmpty()) {
            fail("nginx is not installed; the nginx adapter is tested against a real one: " + INSTALL);
        }
        if (!Files.isRegularFile(MainConfig.DEBIAN_STREAM_MODULE) && !staticStream(found.get())) {
            fail("nginx's stream module is missing (" + MainConfig.DEBIAN_STREAM_MODULE + "): " + INSTALL);
        }
        return found.get();
    }

    private static Optional<Path> findNginx() {
        List<Path> candidates = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "nginx"));
            }
        }
        candidates.add(Path.of("/usr/sbin/nginx"));
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    private static boolean staticStream(Path binary) {
        try {
            Process p = new ProcessBuilder(binary.toString(), "-V").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return out.contains("--with-stream ") || out.endsWith("--with-stream");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void launch() throws IOException {
        Result started = run(List.of(binary.toString(), "-p", prefix + "/", "-c", configFile.toString()));
        if (started.code() != 0) {
            fail("nginx did not start: " + started.output() + "\nconfiguration:\n" + Files.readString(configFile));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        // nginx -t leaves an empty pid file behind: wait for the pid itself.
        while (!Files.exists(main.pidFile()) || Files.readString(main.pidFile()).isBlank()) {
            if (System.nanoTime() > deadline) {
                fail("nginx wrote no pid file " + main.pidFile());
            }
            sleep(10);
        }
    }

    long masterPid() throws IOException {
        return Long.parseLong(Files.readString(main.pidFile()).strip());
    }

    boolean masterAlive() throws IOException {
        return Files.isDirectory(Path.of("/proc", Long.toString(masterPid())));
    }

    /** Reloads nginx actually performed, as nginx itself logged them (level notice). */
    int reloads() throws IOException {
        if (!Files.exists(main.errorLog())) {
            return 0;
        }
        return (int) Files.readAllLines(main.errorLog()).stream().filter(l -> l.contains("(SIGHUP) received")).count();
    }

    String errorLog() throws IOException {
        return Files.exists(main.errorLog()) ? Files.readString(main.errorLog()) : "";
    }

    @Override
    public void close() throws IOException {
        adapter.close();
        if (!Files.exists(main.pidFile()) || Files.readString(main.pidFile()).isBlank()) {
            return;
        }
        long pid = masterPid();
        run(List.of(binary.toString(), "-s", "stop", "-p", prefix + "/", "-c", configFile.toString()));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Files.isDirectory(Path.of("/proc", Long.toString(pid))) && System.nanoTime() < deadline) {
            sleep(20);
        }
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    /** A port nothing listens on now and that this test run has not handed out before. */
    static int freePort() throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Result run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(command + " hung");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return new Result(p.exitValue(), out);
    }

    private record Result(int code, String output) {
    }
}
