package dev.nestbox.adapters.nginx;

import dev.nestbox.adapters.nginx.ConfigApplier.FileChange;
import dev.nestbox.application.port.out.ReverseProxy;
import dev.nestbox.domain.hosting.SiteName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Each site's routes as three files in directories nginx includes; only files with our names are ever touched. */
final class NginxReverseProxy implements ReverseProxy {
    private static final Logger LOG = LoggerFactory.getLogger(NginxReverseProxy.class);
    private static final Pattern LISTEN = Pattern.compile("(?m)^\\s*listen\\s+(?:\\S+:)?([0-9]{1,5})[\\s;]");

    private final NginxSettings settings;
    private final RouteFiles files;
    private final ConfigApplier applier;
    private final ProcNetHostPorts hostPorts;

    NginxReverseProxy(NginxSettings settings, ConfigApplier applier, ProcNetHostPorts hostPorts) {
        this.settings = settings;
        this.files = new RouteFiles(settings);
        this.applier = applier;
        this.hostPorts = hostPorts;
    }

    @Override
    public void publish(Route route) {
        Map<Path, String> rendered = files.render(route);
        List<FileChange> changes = rendered.entrySet().stream()
                .map(e -> FileChange.write(e.getKey(), e.getValue())).toList();
        List<FileChange> applied = applier.apply(batch -> {
            Optional<String> conflict = portConflict(route, batch);
            if (conflict.isPresent()) {
                throw new NginxConfigRejected(conflict.get());
            }
            return changes;
        });
        if (!applied.isEmpty()) {
            LOG.info("published routes of {} to {}, ssh port {}", route.site(), route.address(), route.sshPort());
        }
    }

    @Override
    public void withdraw(SiteName site) {
        List<FileChange> changes = List.of(FileChange.delete(files.httpFile(site)),
                FileChange.delete(files.upstreamFile(site)), FileChange.delete(files.streamFile(site)));
        List<FileChange> applied = applier.apply(batch -> changes);
        if (!applied.isEmpty()) {
            LOG.info("withdrew routes of {}", site);
        }
    }

    @Override
    public Reconciliation reconcile(Collection<Route> desired) {
        Set<SiteName> seen = new HashSet<>();
        for (Route route : desired) {
            if (!seen.add(route.site())) {
                throw new IllegalArgumentException("two desired routes for site " + route.site());
            }
        }
        List<FileChange> applied = applier.apply(batch -> plan(desired, batch));
        List<String> written = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (FileChange change : applied) {
            if (change.content().isPresent()) {
                written.add(change.path().toString());
            } else {
                removed.add(change.path().toString());
            }
        }
        written.forEach(p -> LOG.info("reconciliation wrote missing or outdated route {}", p));
        removed.forEach(p -> LOG.info("reconciliation removed orphaned route {}", p));
        return new Reconciliation(List.copyOf(written), List.copyOf(removed));
    }

    /** Runs on the applier's thread, so the directory listing and the writes see the same files. */
    private List<FileChange> plan(Collection<Route> desired, ConfigApplier.Batch batch) throws IOException {
        Map<Path, String> wanted = new LinkedHashMap<>();
        for (Route route : desired) {
            Optional<String> conflict = portConflict(route, batch);
            if (conflict.isPresent()) {
                // One stolen port must not keep every other site from being repaired: that site goes without SSH.
                LOG.error("reconciliation leaves out the SSH route of {}: {}", route.site(), conflict.get());
                wanted.putAll(files.renderHttp(route));
            } else {
                wanted.putAll(files.render(route));
            }
        }
        List<FileChange> changes = new ArrayList<>();
        wanted.forEach((path, content) -> changes.add(FileChange.write(path, content)));
        changes.addAll(orphans(settings.httpRoutesDir(),
                name -> RouteFiles.siteOfHttpFile(name).or(() -> RouteFiles.siteOfUpstreamFile(name)), wanted.keySet()));
        changes.addAll(orphans(settings.streamRoutesDir(), RouteFiles::siteOfStreamFile, wanted.keySet()));
        return changes;
    }

    /**
     * nginx -t does not bind ports, so a port another program holds would only fail at reload, for every change in
     * the batch. Ports our own files already name are nginx's, and duplicates among them are nginx -t's to find.
     */
    private Optional<String> portConflict(Route route, ConfigApplier.Batch batch) throws IOException {
        // The kernel's tables are slow to read with many sockets: one look serves the whole batch.
        Set<?> listening = batch.remember("listening ports", Set.class, hostPorts::listeningPorts);
        if (!listening.contains(route.sshPort()) || ourStreamPorts().contains(route.sshPort())) {
            return Optional.empty();
        }
        return Optional.of("SSH port " + route.sshPort() + " of site " + route.site()
                + " is already in use by another program on this host");
    }

    private Set<Integer> ourStreamPorts() throws IOException {
        Set<Integer> ports = new HashSet<>();
        for (Published route : routesIn(settings.streamRoutesDir(), RouteFiles::siteOfStreamFile, true)) {
            route.sshPort().ifPresent(ports::add);
        }
        return ports;
    }

    @Override
    public List<Published> published() {
        try {
            List<Published> all = new ArrayList<>(routesIn(settings.httpRoutesDir(),
                    name -> RouteFiles.siteOfHttpFile(name).or(() -> RouteFiles.siteOfUpstreamFile(name)), false));
            all.addAll(routesIn(settings.streamRoutesDir(), RouteFiles::siteOfStreamFile, true));
            return List.copyOf(all);
        } catch (IOException e) {
            throw new UncheckedIOException("could not list the route files", e);
        }
    }

    /**
     * The route files of ours in {@code dir}; an SSH route's port is the one its {@code listen} names (0 when it
     * names none: still an SSH route, and no hosting's port).
     */
    private static List<Published> routesIn(Path dir, Function<String, Optional<String>> ours, boolean ssh)
            throws IOException {
        List<Published> routes = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                Optional<String> site = ours.apply(name);
                if (site.isEmpty() || !Files.isRegularFile(entry)) {
                    continue;
                }
                OptionalInt port = OptionalInt.empty();
                if (ssh) {
                    Matcher listen = LISTEN.matcher(Files.readString(entry));
                    port = listen.find() ? OptionalInt.of(Integer.parseInt(listen.group(1))) : OptionalInt.of(0);
                }
                routes.add(new Published(SiteName.of(site.get()), name, port));
            }
        }
        routes.sort(Comparator.comparing(Published::file));
        return routes;
    }

    private static List<FileChange> orphans(Path dir, Function<String, Optional<String>> ours, Set<Path> wanted)
            throws IOException {
        List<FileChange> orphans = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                boolean ourRoute = ours.apply(name).isPresent();
                boolean ourLeftover = RouteFiles.TEMPORARY_NAME.matcher(name).matches();
                if ((ourRoute || ourLeftover) && !wanted.contains(entry) && Files.isRegularFile(entry)) {
                    orphans.add(FileChange.delete(entry));
                }
            }
        }
        return orphans;
    }
}
