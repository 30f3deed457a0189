package dev.nestbox.adapters.os;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Reads one output stream of a child on its own thread until EOF, keeping only the last {@code limit} bytes, so the
 * child never blocks on a full pipe and a chatty one cannot fill our memory. Lines go to a listener as they come.
 */
final class OutputDrain {
    /** Longer lines reach the listener cut to this many characters; what is looked for sits at their start. */
    static final int LINE_LIMIT = 8 * 1024;
    private static final String DROPPED = "[earlier output dropped]\n";

    private final byte[] tail;
    private final Consumer<String> lines;
    private final StringBuilder line = new StringBuilder();
    private final Thread thread;
    private long total;

    private OutputDrain(InputStream in, int limit, Consumer<String> lines, String threadName) {
        this.tail = new byte[limit];
        this.lines = lines;
        this.thread = new Thread(() -> drain(in), threadName);
        // A grandchild may hold the pipe open long after we gave up on it: such a reader must not keep the JVM up.
        this.thread.setDaemon(true);
    }

    static OutputDrain start(InputStream in, int limit, Consumer<String> lines, String threadName) {
        OutputDrain drain = new OutputDrain(in, limit, lines, threadName);
        drain.thread.start();
        return drain;
    }

    /** Waits at most {@code grace} for EOF; false leaves the reader running on its own, holding only the pipe. */
    boolean awaitEnd(Duration grace) {
        try {
            thread.join(Math.max(1, grace.toMillis()));
            return !thread.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !thread.isAlive();
        }
    }

    /** What was read so far, decoded as UTF-8; marked when the start was dropped. */
    synchronized String text() {
        if (total <= tail.length) {
            return new String(tail, 0, (int) total, StandardCharsets.UTF_8);
        }
        int start = (int) (total % tail.length);
        byte[] ordered = new byte[tail.length];
        System.arraycopy(tail, start, ordered, 0, tail.length - start);
        System.arraycopy(tail, 0, ordered, tail.length - start, start);
        return DROPPED + new String(ordered, StandardCharsets.UTF_8);
    }

    private void drain(InputStream in) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                keep(buffer, n);
                split(buffer, n);
            }
        } catch (IOException closed) {
            // The stream was closed under us (the child was killed): what was read is all there is.
        }
        if (line.length() > 0) {
            lines.accept(line.toString());
        }
    }

    private synchronized void keep(byte[] buffer, int n) {
        if (tail.length == 0) {
            total += n;
            return;
        }
        for (int i = 0; i < n; i++) {
            tail[(int) ((total + i) % tail.length)] = buffer[i];
        }
        total += n;
    }

    private void split(byte[] buffer, int n) {
        for (int i = 0; i < n; i++) {
            char c = (char) (buffer[i] & 0xff); // ISO-8859-1: every byte is a character, ASCII matches as itself
            if (c == '\n') {
                lines.accept(line.toString());
                line.setLength(0);
            } else if (c != '\r' && line.length() < LINE_LIMIT) {
                line.append(c);
            }
        }
    }
}
