package dev.nestbox.adapters.nginx;

import dev.nestbox.application.port.out.HostPorts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the kernel's socket tables ({@code /proc/net/tcp}, {@code /proc/net/tcp6}) of this process's network
 * namespace: a port is taken when any socket listens on it, on any address.
 */
final class ProcNetHostPorts implements HostPorts {
    private static final String LISTEN = "0A";

    private final List<Path> tables;

    ProcNetHostPorts(List<Path> tables) {
        this.tables = List.copyOf(tables);
    }

    static ProcNetHostPorts ofThisHost() {
        return new ProcNetHostPorts(List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6")));
    }

    @Override
    public boolean isListening(int port) {
        ConfigSyntax.port("port", port);
        return listeningPorts().contains(port);
    }

    /**
     * Every listening port in one pass. The kernel walks all its sockets for each read of these tables (about
     * 10 ms with a few thousand), so callers checking many ports take one snapshot.
     */
    Set<Integer> listeningPorts() {
        Set<Integer> ports = new HashSet<>();
        for (Path table : tables) {
            collectListening(table, ports);
        }
        return ports;
    }

    private static void collectListening(Path table, Set<Integer> ports) {
        List<String> lines;
        try {
            lines = Files.readAllLines(table, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            // A kernel without IPv6 has no tcp6 table: nothing listens there.
            return;
        } catch (IOException e) {
            throw new NginxFailure("host", "cannot read the host's socket table " + table, e);
        }
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            // "  sl  local_address rem_address   st ...": local is HEXADDR:HEXPORT, st 0A is LISTEN.
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 4 || !LISTEN.equals(fields[3])) {
                continue;
            }
            String local = fields[1];
            int colon = local.lastIndexOf(':');
            if (colon >= 0) {
                ports.add(Integer.parseInt(local.substring(colon + 1), 16));
            }
        }
    }
}
