package dev.nestbox.adapters.nginx;

import dev.nestbox.adapters.os.ProcessFailure;
import dev.nestbox.adapters.os.ProcessResult;
import dev.nestbox.adapters.os.ProcessRunner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Runs the configured nginx commands: validate the whole configuration, reload gracefully. */
final class NginxProcess {
    private static final Path PROC = Path.of("/proc");
    private static final Duration POLL = Duration.ofMillis(10);
    /** nginx retitles its processes: "nginx: worker process", then "... is shutting down" once told to quit. */
    private static final String WORKER = "worker process";
    private static final String SHUTTING_DOWN = "shutting down";

    private final NginxSettings settings;
    private final ReloadListener listener;

    NginxProcess(NginxSettings settings) {
        this(settings, ReloadListener.NONE);
    }

    NginxProcess(NginxSettings settings, ReloadListener listener) {
        this.settings = settings;
        this.listener = listener;
    }

    /** nginx's complaint about the configuration on disk, or empty when {@code nginx -t} accepts it. */
    Optional<String> validate() {
        Outcome outcome = run(settings.testCommand());
        return outcome.exitCode() == 0 ? Optional.empty() : Optional.of(outcome.output().isBlank()
                ? "nginx -t failed with exit code " + outcome.exitCode()
                : outcome.output().strip());
    }

    /** Why nginx is not running (no master behind the pid file), or empty when it is or no pid file is known. */
    Optional<String> notRunning() {
        if (settings.pidFile().isEmpty()) {
            return Optional.empty();
        }
        try {
            masterPid(settings.pidFile().get());
            return Optional.empty();
        } catch (NginxReloadFailed e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * Sends the graceful reload and, when the pid file is known, waits until the new configuration is the only one
     * accepting connections: the master runs workers started after the signal, and every old worker has begun
     * shutting down (it closes its listening sockets in the same step). Old workers still finish the requests and
     * SSH sessions they hold, so nothing open is cut.
     */
    void reload() {
        try {
            signalAndAwaitWorkers();
        } catch (RuntimeException e) {
            listener.reloadFailed();
            throw e;
        }
        listener.reloaded();
    }

    private void signalAndAwaitWorkers() {
        Optional<Long> master = settings.pidFile().map(NginxProcess::masterPid);
        Map<Long, String> before = master.map(NginxProcess::children).orElse(Map.of());
        Outcome outcome = run(settings.reloadCommand());
        if (outcome.exitCode() != 0) {
            throw new NginxReloadFailed("nginx reload failed (exit code " + outcome.exitCode() + "): "
                    + outcome.output().strip());
        }
        if (master.isPresent()) {
            awaitNewGeneration(master.get(), before);
        }
    }

    private void awaitNewGeneration(long master, Map<Long, String> before) {
        Set<Long> oldWorkers = new HashSet<>();
        before.forEach((pid, title) -> {
            if (title.contains(WORKER) && !title.contains(SHUTTING_DOWN)) {
                oldWorkers.add(pid);
            }
        });
        long deadline = System.nanoTime() + settings.commandTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            if (!Files.isDirectory(PROC.resolve(Long.toString(master)))) {
                throw new NginxReloadFailed("the nginx master (pid " + master + ") exited during the reload");
            }
            Map<Long, String> now = children(master);
            boolean started = now.keySet().stream().anyMatch(pid -> !before.containsKey(pid));
            boolean oldOnesLeaving = oldWorkers.stream()
                    .allMatch(pid -> !now.containsKey(pid) || now.get(pid).contains(SHUTTING_DOWN));
            if (started && oldOnesLeaving) {
                return;
            }
            sleep(POLL);
        }
        throw new NginxReloadFailed("nginx did not switch to new workers within " + settings.commandTimeout()
                + " after the reload signal; it keeps its old configuration, see its error log");
    }

    private static long masterPid(Path pidFile) {
        String text;
        try {
            text = Files.readString(pidFile, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            throw new NginxReloadFailed("nginx is not running: no pid file at " + pidFile, e);
        } catch (IOException e) {
            throw new NginxReloadFailed("cannot read nginx's pid file " + pidFile, e);
        }
        if (text.isEmpty()) {
            // nginx -t creates the pid file empty when no master runs.
            throw new NginxReloadFailed("nginx is not running: its pid file " + pidFile + " is empty");
        }
        if (!text.matches("[0-9]{1,10}")) {
            throw new NginxReloadFailed("nginx's pid file " + pidFile + " does not hold a pid: " + text);
        }
        long pid = Long.parseLong(text);
        if (!Files.isDirectory(PROC.resolve(text))) {
            throw new NginxReloadFailed("nginx is not running: pid " + pid + " from " + pidFile + " is gone");
        }
        return pid;
    }

    /** Processes whose parent is {@code parent}, with their titles; reads /proc so it works without procps. */
    static Map<Long, String> children(long parent) {
        Map<Long, String> children = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path entry : entries) {
                try {
                    String stat = Files.readString(entry.resolve("stat"), StandardCharsets.US_ASCII);
                    // The command name may hold spaces and parentheses: fields resume after the last ')'.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (Long.parseLong(fields[1]) == parent) {
                        String title = new String(Files.readAllBytes(entry.resolve("cmdline")), StandardCharsets.UTF_8);
                        children.put(Long.parseLong(entry.getFileName().toString()), title);
                    }
                } catch (IOException | RuntimeException vanished) {
                    // The process ended while we looked: it is nobody's worker any more.
                }
            }
        } catch (IOException e) {
            throw new NginxReloadFailed("cannot list processes in /proc", e);
        }
        return children;
    }

    /** Runs one nginx command; its timeout fires even when nginx hangs holding its output open. */
    private Outcome run(List<String> command) {
        try {
            ProcessResult result = ProcessRunner.run(command, settings.commandTimeout());
            return new Outcome(result.exitCode(), result.output());
        } catch (ProcessFailure.CouldNotStart e) {
            throw new NginxFailure("cannot run " + e.commandLine()
                    + " (is nginx installed? apt-get install nginx libnginx-mod-stream)", e);
        } catch (ProcessFailure.TimedOut e) {
            throw new NginxFailure(e.commandLine() + " did not finish within " + settings.commandTimeout(), e);
        } catch (ProcessFailure.Interrupted e) {
            throw new NginxFailure("interrupted while running " + e.commandLine(), e);
        } catch (ProcessFailure e) {
            throw new NginxFailure(e.getMessage(), e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NginxReloadFailed("interrupted while waiting for nginx's new workers", e);
        }
    }

    private record Outcome(int exitCode, String output) {
    }
}
