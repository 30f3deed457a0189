package dev.nestbox.adapters.nginx;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Stands in for a hostile guest on its own loopback address: every answer carries the response header fields it
 * was given (repeats allowed), so tests can see which of them reach a browser through nginx.
 */
final class GuestHeaderServer implements AutoCloseable {
    private final HttpServer server;

    GuestHeaderServer(String address, int port, List<Map.Entry<String, String>> fields) throws IOException {
        server = HttpServer.create(new InetSocketAddress(address, port), 16);
        server.createContext("/", exchange -> {
            fields.forEach(f -> exchange.getResponseHeaders().add(f.getKey(), f.getValue()));
            byte[] body = ("guest " + address + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
