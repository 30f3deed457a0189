package dev.nestbox.adapters.ssh;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads the SSH wire encoding (RFC 4251 section 5) of a key blob, refusing any length that overruns it. */
final class WireReader {
    private final byte[] data;
    private int position;

    WireReader(byte[] data) {
        this.data = data;
    }

    int uint32() throws MalformedBlob {
        if (data.length - position < 4) {
            throw new MalformedBlob("it ends in the middle of a length field");
        }
        int value = ((data[position] & 0xff) << 24) | ((data[position + 1] & 0xff) << 16)
                | ((data[position + 2] & 0xff) << 8) | (data[position + 3] & 0xff);
        position += 4;
        return value;
    }

    byte[] string() throws MalformedBlob {
        int length = uint32();
        // A negative int here is a length above 2 GiB: as much an overrun as any other.
        if (length < 0 || length > data.length - position) {
            throw new MalformedBlob("a field claims more bytes than the key holds");
        }
        byte[] value = Arrays.copyOfRange(data, position, position + length);
        position += length;
        return value;
    }

    /** A name such as a key type: printable ASCII only, so it can be compared and shown safely. */
    String name() throws MalformedBlob {
        byte[] raw = string();
        for (byte b : raw) {
            if (b < 0x21 || b > 0x7e) {
                throw new MalformedBlob("a name field holds non-printable bytes");
            }
        }
        return new String(raw, StandardCharsets.US_ASCII);
    }

    BigInteger mpint() throws MalformedBlob {
        byte[] raw = string();
        return raw.length == 0 ? BigInteger.ZERO : new BigInteger(raw);
    }

    boolean atEnd() {
        return position == data.length;
    }

    /** Why a blob cannot be read; the message completes "the key data is damaged: ...". */
    static final class MalformedBlob extends Exception {
        MalformedBlob(String message) {
            super(message);
        }
    }
}
