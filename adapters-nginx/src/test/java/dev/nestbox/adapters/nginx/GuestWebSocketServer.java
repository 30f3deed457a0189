package dev.nestbox.adapters.nginx;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for a guest that speaks websockets: answers the upgrade with 101 and then echoes raw bytes, keeping
 * the request heads it received so a test can see what nginx forwarded.
 */
final class GuestWebSocketServer implements AutoCloseable {
    private final ServerSocket server;
    private final List<String> heads = new CopyOnWriteArrayList<>();

    GuestWebSocketServer(String address, int port) throws IOException {
        server = new ServerSocket(port, 50, InetAddress.getByName(address));
        Thread acceptor = new Thread(this::accept, "guest-ws-" + address);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    List<String> requestHeads() {
        return List.copyOf(heads);
    }

    private void accept() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    head.append((char) b);
                }
                heads.add(head.toString());
                out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                byte[] buffer = new byte[4096];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException closed) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
