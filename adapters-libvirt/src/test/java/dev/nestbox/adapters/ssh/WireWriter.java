package dev.nestbox.adapters.ssh;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes the SSH wire encoding of key blobs, for tests that craft damaged or hostile ones. */
final class WireWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    WireWriter uint32(int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
        return this;
    }

    WireWriter string(byte[] value) {
        uint32(value.length);
        out.writeBytes(value);
        return this;
    }

    WireWriter string(String value) {
        return string(value.getBytes(StandardCharsets.UTF_8));
    }

    WireWriter raw(byte[] value) {
        out.writeBytes(value);
        return this;
    }

    WireWriter rawByte(int value) {
        out.write(value);
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
