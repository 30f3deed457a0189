package dev.nestbox.adapters.ssh;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Output of a guest command, kept to a bounded size and made safe to put in a log line or an error message: the
 * guest is a machine its tenant controls, so its words may be long, binary, or full of terminal escapes.
 */
final class GuestText extends OutputStream {
    static final int MAX_CHARS = 2000;
    private static final int MAX_BYTES = 4 * MAX_CHARS;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private boolean overflowed;

    @Override
    public synchronized void write(int b) {
        if (kept.size() < MAX_BYTES) {
            kept.write(b);
        } else {
            overflowed = true;
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        int room = Math.max(0, MAX_BYTES - kept.size());
        kept.write(b, off, Math.min(room, len));
        overflowed |= len > room;
    }

    synchronized String sanitised() {
        return sanitise(kept.toString(StandardCharsets.UTF_8), overflowed);
    }

    static String sanitise(String raw, boolean alreadyCut) {
        String noEscapes = raw.replaceAll("\u001B\\[[0-?]*[ -/]*[@-~]", "");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < noEscapes.length(); i++) {
            char c = noEscapes.charAt(i);
            if (c == '\n' || c == '\t') {
                out.append(c);
            } else if (c == '\r') {
                continue;
            } else if (Character.isISOControl(c) || c == '\uFFFD' || Character.getType(c) == Character.FORMAT) {
                out.append('?');
            } else {
                out.append(c);
            }
        }
        String text = out.toString().strip();
        boolean cut = alreadyCut || text.length() > MAX_CHARS;
        if (text.length() > MAX_CHARS) {
            text = text.substring(0, MAX_CHARS);
            if (Character.isHighSurrogate(text.charAt(text.length() - 1))) {
                text = text.substring(0, text.length() - 1);
            }
        }
        return cut ? text + " [...truncated]" : text;
    }
}
