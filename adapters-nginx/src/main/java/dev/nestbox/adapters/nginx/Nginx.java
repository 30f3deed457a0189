package dev.nestbox.adapters.nginx;

import dev.nestbox.adapters.os.AtomicFiles;
import dev.nestbox.application.port.out.HostPorts;
import dev.nestbox.application.port.out.ReverseProxy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The nginx adapter's one entry point for the composition root: builds the {@link ReverseProxy} that manages
 * per-site files and reloads nginx, the {@link HostPorts} view of the host's listening sockets, and the product's
 * main {@code nginx.conf}. Close it on shutdown to stop the thread that applies changes.
 */
public final class Nginx implements AutoCloseable {
    private final NginxSettings settings;
    private final NginxProcess process;
    private final ConfigApplier applier;
    private final ReverseProxy reverseProxy;
    private final ProcNetHostPorts hostPorts;

    public Nginx(NginxSettings settings) {
        this(settings, ReloadListener.NONE);
    }

    /** @param reloads told about every reload, for monitoring */
    public Nginx(NginxSettings settings, ReloadListener reloads) {
        this.settings = settings;
        try {
            Files.createDirectories(settings.httpRoutesDir());
            Files.createDirectories(settings.streamRoutesDir());
        } catch (IOException e) {
            throw new NginxFailure("cannot create the nginx route directories " + settings.httpRoutesDir() + " and "
                    + settings.streamRoutesDir(), e);
        }
        this.process = new NginxProcess(settings, reloads);
        this.applier = new ConfigApplier(process, settings.coalesceWindow());
        this.hostPorts = ProcNetHostPorts.ofThisHost();
        this.reverseProxy = new NginxReverseProxy(settings, applier, hostPorts);
    }

    public ReverseProxy reverseProxy() {
        return reverseProxy;
    }

    public HostPorts hostPorts() {
        return hostPorts;
    }

    /** For tests that need the single writer at a known point of its work. */
    ConfigApplier applier() {
        return applier;
    }

    /**
     * The product's {@code nginx.conf} for these settings: the sites origin (per-site routes, our "starting or
     * unavailable" page), the panel origin proxying to {@code main.panelUpstream()}, and the stream block for SSH.
     * Refuses a panel sharing the sites origin unless {@code main.singleOrigin()} says so (then it logs a warning).
     */
    public String renderMainConfig(MainConfig main) {
        if (settings.pidFile().isPresent() && !settings.pidFile().get().equals(main.pidFile())) {
            throw new IllegalArgumentException("the main configuration's pid file " + main.pidFile()
                    + " differs from the one the adapter watches " + settings.pidFile().get());
        }
        return HttpOrigins.render(settings, main);
    }

    /**
     * Writes {@link #renderMainConfig} to {@code configFile} in one step and creates the directories nginx expects
     * to exist (it creates only the last level of its temporary paths). Run {@code nginx -t} or start nginx after.
     */
    public void writeMainConfig(MainConfig main, Path configFile) {
        ConfigSyntax.absolutePath("configFile", configFile);
        String config = renderMainConfig(main);
        try {
            Files.createDirectories(main.tempDir());
            Files.createDirectories(main.errorLog().getParent());
            Files.createDirectories(main.pidFile().getParent());
            if (main.accessLog().isPresent()) {
                Files.createDirectories(main.accessLog().get().getParent());
            }
            Files.createDirectories(configFile.getParent());
            AtomicFiles.writeString(configFile, config, AtomicFiles.WORLD_READABLE);
        } catch (IOException e) {
            throw new NginxFailure("cannot write the nginx configuration " + configFile, e);
        }
    }

    /** Empty when nginx accepts its configuration on disk, otherwise nginx's complaint: for a health check. */
    public Optional<String> configurationProblem() {
        return process.validate();
    }

    /**
     * Empty when nginx's master runs (or no pid file is configured to tell), otherwise why not: routes cannot be
     * applied meanwhile, so provisioning waits for it and the health check is red.
     */
    public Optional<String> runningProblem() {
        return process.notRunning();
    }

    @Override
    public void close() {
        applier.close();
    }
}
