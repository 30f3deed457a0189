package dev.nestbox.adapters.libvirt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads what we need from a qcow2 header, without qemu-img. */
final class Qcow2 {
    private static final int MAGIC = 0x514649fb; // "QFI\xfb"

    private Qcow2() {
    }

    /** The image's virtual disk size in MiB, rounded up (header field at byte 24, big-endian). */
    static long virtualSizeMib(Path image) {
        byte[] header = new byte[32];
        try (InputStream in = Files.newInputStream(image)) {
            if (in.readNBytes(header, 0, header.length) < header.length) {
                throw new LibvirtUnavailable("the base image " + image + " is too short to be a qcow2 image");
            }
        } catch (IOException e) {
            throw new LibvirtUnavailable("cannot read the base image " + image + ": " + e.getMessage()
                    + ". Check hypervisor.images, and that the file is readable by everyone (0644).", e);
        }
        ByteBuffer buffer = ByteBuffer.wrap(header);
        if (buffer.getInt(0) != MAGIC) {
            throw new LibvirtUnavailable("the base image " + image + " is not a qcow2 image;"
                    + " convert it with 'qemu-img convert -O qcow2'");
        }
        long bytes = buffer.getLong(24);
        return (bytes + (1 << 20) - 1) >> 20;
    }
}
