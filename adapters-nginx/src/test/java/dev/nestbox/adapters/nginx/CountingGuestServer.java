package dev.nestbox.adapters.nginx;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A guest's web server that counts the TCP connections it accepts and serves any number of HTTP/1.1 requests on
 * each (until the client closes, or asks to with {@code Connection: close}). Each answer echoes the request line and
 * the request's {@code Connection} header, so a test sees what the proxy sent.
 */
final class CountingGuestServer implements AutoCloseable {
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicInteger accepted = new AtomicInteger();

    CountingGuestServer(String address, int port) throws IOException {
        server = new ServerSocket(port, 64, InetAddress.getByName(address));
        threads.submit(this::acceptLoop);
    }

    int accepted() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                accepted.incrementAndGet();
                threads.submit(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket;
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
             OutputStream out = socket.getOutputStream()) {
            String requestLine;
            while ((requestLine = in.readLine()) != null) {
                String connection = "(none)";
                String line;
                while ((line = in.readLine()) != null && !line.isEmpty()) {
                    int colon = line.indexOf(':');
                    if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("connection")) {
                        connection = line.substring(colon + 1).trim();
                    }
                }
                byte[] body = (requestLine + "\nconnection: " + connection + "\n").getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
                if (connection.toLowerCase(Locale.ROOT).contains("close")) {
                    return;
                }
            }
        } catch (IOException dropped) {
            // the client went away: nothing to answer
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
