package dev.nestbox.adapters.ssh;

import dev.nestbox.domain.hosting.SiteName;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;

/**
 * Each guest's SSH host key, recorded on first contact (trust on first use) in {@code <dataDir>/known_hosts/<site>}
 * as one OpenSSH known_hosts line, so an operator can also use the file with {@code ssh -o UserKnownHostsFile=}.
 * Only the key is compared later, never the host part: the site, not the address, is what the key belongs to.
 */
final class HostKeyPins {
    private final Path directory;

    HostKeyPins(Path dataDir) {
        this.directory = dataDir.resolve("known_hosts");
    }

    Path file(SiteName site) {
        // SiteName allows only [a-z0-9-] without a leading '-', so it cannot climb out of the directory.
        return directory.resolve(site.value());
    }

    Optional<byte[]> pinned(SiteName site) {
        Path file = file(site);
        try {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            String[] fields = Files.readString(file, StandardCharsets.US_ASCII).strip().split("[ \t]+");
            if (fields.length < 3) {
                throw new GuestSshFailure("the pinned host key " + file + " is unreadable; delete it to pin anew");
            }
            return Optional.of(Base64.getDecoder().decode(fields[2]));
        } catch (IOException | IllegalArgumentException e) {
            throw new GuestSshFailure("cannot read the pinned host key " + file + ": " + e.getMessage(), e);
        }
    }

    /** Records {@code hostKey} unless a key is already pinned; returns the key pinned afterwards. */
    byte[] pinIfAbsent(SiteName site, String hostPattern, String keyType, byte[] hostKey) {
        Path file = file(site);
        try {
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, "." + site.value() + ".", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
            try {
                Files.writeString(temporary, hostPattern + " " + keyType + " "
                        + Base64.getEncoder().encodeToString(hostKey) + "\n", StandardCharsets.US_ASCII);
                // link(2) refuses an existing name: a concurrent first contact cannot overwrite a pin.
                Files.createLink(file, temporary);
                return hostKey;
            } catch (FileAlreadyExistsException alreadyPinned) {
                return pinned(site).orElseThrow(() -> new GuestSshFailure("the pinned host key " + file
                        + " vanished while being written"));
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new GuestSshFailure("cannot record the host key of site " + site + " in " + file + ": "
                    + e.getMessage(), e);
        }
    }

    void forget(SiteName site) {
        try {
            Files.deleteIfExists(file(site));
        } catch (IOException e) {
            throw new GuestSshFailure("cannot delete the pinned host key " + file(site) + ": " + e.getMessage(), e);
        }
    }
}
