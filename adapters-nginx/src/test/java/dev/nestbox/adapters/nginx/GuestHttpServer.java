package dev.nestbox.adapters.nginx;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

/**
 * Stands in for a guest's web server on its own loopback address: answers every request with what it received
 * (request line and headers), after {@code ?delay=<ms>} when asked, so tests can keep requests in flight.
 */
final class GuestHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(32);

    GuestHttpServer(String address, int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(address, port), 256);
        server.createContext("/", this::answer);
        server.setExecutor(threads);
        server.start();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null && query.startsWith("delay=")) {
            NginxUnderTest.sleep(Long.parseLong(query.substring("delay=".length())));
        }
        StringBuilder body = new StringBuilder();
        body.append("guest ").append(exchange.getLocalAddress().getAddress().getHostAddress()).append('\n');
        body.append(exchange.getRequestMethod()).append(' ').append(exchange.getRequestURI()).append('\n');
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            for (String value : header.getValue()) {
                body.append(header.getKey().toLowerCase()).append(": ").append(value).append('\n');
            }
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
