package dev.nestbox.adapters.nginx;

import dev.nestbox.domain.hosting.SiteName;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The only values that may reach an nginx configuration file. Every setting and route passes one of these checks
 * before rendering, so no quote, semicolon, brace or {@code $} from outside can change the meaning of a file.
 * A refusal is a {@link NginxValueRefused}.
 */
final class ConfigSyntax {
    private static final Pattern HOST = Pattern.compile(
            "^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$");
    private static final Pattern IPV4 = Pattern.compile(
            "^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$");
    private static final Pattern IPV6_BRACKETED = Pattern.compile("^\\[[0-9a-fA-F:.]{2,45}\\]$");
    private static final Pattern SIZE = Pattern.compile("^[0-9]{1,9}[kKmMgG]?$");
    private static final Pattern PATH = Pattern.compile("^/[A-Za-z0-9._/+@=,:-]*$");
    private static final Pattern UPSTREAM = Pattern.compile(
            "^https?://([a-z0-9.-]+|\\[[0-9a-fA-F:.]{2,45}\\])(:[0-9]{1,5})?$");
    /** Listening on every address is spelled this way in settings; nginx spells it as a bare port. */
    static final String ALL_ADDRESSES = "*";

    private ConfigSyntax() {
    }

    static String host(String field, String value) {
        return matching(field, value, HOST, "a lower-case host name");
    }

    static String listenAddress(String field, String value) {
        require(field, value);
        if (ALL_ADDRESSES.equals(value) || IPV4.matcher(value).matches() || IPV6_BRACKETED.matcher(value).matches()) {
            return value;
        }
        throw new NginxValueRefused(field + " must be '*', an IPv4 address or a bracketed IPv6 address: " + value);
    }

    static String size(String field, String value) {
        return matching(field, value, SIZE, "a size like 64m");
    }

    static Path absolutePath(String field, Path value) {
        if (value == null) {
            throw new NginxValueRefused(field + " is required");
        }
        matching(field, value.toString(), PATH, "an absolute path of plain characters (no spaces, quotes, ';', '$')");
        return value;
    }

    static String site(String value) {
        return matching("site", value, SiteName.SHAPE, "a site name");
    }

    static String upstream(String field, String value) {
        return matching(field, value, UPSTREAM, "a URL like http://127.0.0.1:8080");
    }

    static int port(String field, int value) {
        if (value < 1 || value > 65535) {
            throw new NginxValueRefused(field + " must be a TCP port (1-65535): " + value);
        }
        return value;
    }

    static Duration seconds(String field, Duration value) {
        if (value == null || value.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new NginxValueRefused(field + " must be at least one second: " + value);
        }
        return value;
    }

    /** nginx's own time syntax; whole seconds are precise enough for proxy timeouts. */
    static String time(Duration value) {
        return value.toSeconds() + "s";
    }

    /** The argument of a {@code listen} directive. */
    static String listen(String address, int port) {
        return ALL_ADDRESSES.equals(address) ? Integer.toString(port) : address + ":" + port;
    }

    private static String matching(String field, String value, Pattern pattern, String expected) {
        require(field, value);
        if (!pattern.matcher(value).matches()) {
            throw new NginxValueRefused(field + " must be " + expected + ": " + value);
        }
        return value;
    }

    private static void require(String field, String value) {
        if (value == null) {
            throw new NginxValueRefused(field + " is required");
        }
    }

    /** What every proxied location tells its upstream about the original request (HTTP/1.1 for websockets). */
    static void forwardingHeaders(StringBuilder out, String indent) {
        out.append(indent).append("proxy_http_version 1.1;\n");
        out.append(indent).append("proxy_set_header Host $host;\n");
        out.append(indent).append("proxy_set_header X-Real-IP $remote_addr;\n");
        out.append(indent).append("proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n");
        out.append(indent).append("proxy_set_header X-Forwarded-Proto $scheme;\n");
    }
}
