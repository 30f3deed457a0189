package dev.nestbox.adapters.nginx;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A deliberately plain HTTP/1.0 client over a socket: it sets any Host header (the JDK client refuses to), opens a
 * fresh connection per request and reports exactly what came back, so a cut connection is counted, not retried.
 */
final class RawHttp {
    private RawHttp() {
    }

    /** {@code headers} keeps the last of repeated fields; {@code fields} keeps them all, in order. */
    record Response(int status, Map<String, String> headers, List<Map.Entry<String, String>> fields, String body) {
        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }

        List<String> all(String name) {
            String key = name.toLowerCase(Locale.ROOT);
            return fields.stream().filter(f -> f.getKey().equals(key)).map(Map.Entry::getValue).toList();
        }
    }

    static Response get(int port, String host, String path) throws IOException {
        return get(port, host, path, "");
    }

    /** {@code extraHeaders}: whole header lines, each ending in CRLF. */
    static Response get(int port, String host, String path, String extraHeaders) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.0\r\nHost: " + host + "\r\nUser-Agent: nestbox-test\r\n" + extraHeaders
                    + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int end = raw.indexOf("\r\n\r\n");
            if (end < 0) {
                throw new IOException("incomplete response: " + raw);
            }
            String[] lines = raw.substring(0, end).split("\r\n");
            String[] statusLine = lines[0].split(" ", 3);
            Map<String, String> headers = new LinkedHashMap<>();
            List<Map.Entry<String, String>> fields = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = lines[i].substring(colon + 1).trim();
                headers.put(name, value);
                fields.add(Map.entry(name, value));
            }
            return new Response(Integer.parseInt(statusLine[1]), headers, List.copyOf(fields), raw.substring(end + 4));
        }
    }
}
