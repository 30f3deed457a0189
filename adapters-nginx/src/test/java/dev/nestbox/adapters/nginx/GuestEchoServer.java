package dev.nestbox.adapters.nginx;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;

/** Stands in for a guest's SSH server: echoes every byte back, one thread per connection. */
final class GuestEchoServer implements AutoCloseable {
    private final ServerSocket server;

    GuestEchoServer(String address, int port) throws IOException {
        server = new ServerSocket(port, 50, InetAddress.getByName(address));
        Thread acceptor = new Thread(this::accept, "guest-echo-" + address);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread t = new Thread(() -> echo(socket));
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void echo(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (SocketException gone) {
            // The client hung up.
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
