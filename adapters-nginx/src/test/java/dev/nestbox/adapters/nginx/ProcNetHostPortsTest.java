package dev.nestbox.adapters.nginx;

import dev.nestbox.application.port.out.HostPorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcNetHostPortsTest {
    private final HostPorts ports = ProcNetHostPorts.ofThisHost();

    @Test
    void sees_a_port_a_server_socket_listens_on_and_not_once_it_is_closed() throws IOException {
        int port;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = server.getLocalPort();
            assertThat(ports.isListening(port)).isTrue();
        }
        assertThat(ports.isListening(port)).isFalse();
    }

    @Test
    void sees_an_ipv6_listener() throws IOException {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            assertThat(ports.isListening(server.getLocalPort())).isTrue();
        }
    }

    @Test
    void a_connected_client_port_is_not_a_listening_one() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             Socket client = new Socket("127.0.0.1", server.getLocalPort());
             Socket accepted = server.accept()) {
            assertThat(accepted.isConnected()).isTrue();
            assertThat(ports.isListening(client.getLocalPort())).isFalse();
        }
    }

    @Test
    void reads_the_kernel_table_format_and_skips_a_missing_ipv6_table(@TempDir Path dir) throws IOException {
        Path tcp = dir.resolve("tcp");
        Files.writeString(tcp, String.join("\n",
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1",
                "   1: 0100007F:0016 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 2",
                ""));
        HostPorts fromFiles = new ProcNetHostPorts(List.of(tcp, dir.resolve("tcp6")));

        assertThat(fromFiles.isListening(8080)).isTrue();
        assertThat(fromFiles.isListening(22)).as("an established connection, not a listener").isFalse();
        assertThat(fromFiles.isListening(8081)).isFalse();
    }

    @Test
    void refuses_a_number_that_is_no_port() {
        assertThatThrownBy(() -> ports.isListening(70000)).isInstanceOf(NginxValueRefused.class)
                .hasMessageContaining("70000");
    }
}
