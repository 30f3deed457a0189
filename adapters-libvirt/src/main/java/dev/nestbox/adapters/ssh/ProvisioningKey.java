package dev.nestbox.adapters.ssh;

import dev.nestbox.adapters.os.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's own key pair, with which it logs in to every guest as root. Created on first use and kept in
 * {@code <dataDir>/provisioning/id_ed25519} (+ {@code .pub}); the private key file is the only truth, the
 * {@code .pub} file is rewritten from it for people who want to look.
 */
final class ProvisioningKey {
    static final String COMMENT = "nestbox-provisioning";
    private static final Logger LOG = LoggerFactory.getLogger(ProvisioningKey.class);
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> PUBLIC_FILE = PosixFilePermissions.fromString("rw-r--r--");

    private final Path directory;
    private final OpenSshEd25519 generator;
    private Material material;

    ProvisioningKey(Path dataDir, OpenSshEd25519 generator) {
        this.directory = dataDir.resolve("provisioning");
        this.generator = generator;
    }

    record Material(String privateKeyFile, String publicKeyLine) {
        @Override
        public String toString() {
            return "Material[private key ***, " + publicKeyLine + "]";
        }
    }

    Path privateKeyPath() {
        return directory.resolve("id_ed25519");
    }

    synchronized Material material() {
        if (material == null) {
            try {
                material = loadOrCreate();
            } catch (IOException | WireReader.MalformedBlob e) {
                throw new GuestSshFailure("cannot load or create the platform's provisioning key at "
                        + privateKeyPath() + ": " + e.getMessage(), e);
            }
        }
        return material;
    }

    private Material loadOrCreate() throws IOException, WireReader.MalformedBlob {
        Files.createDirectories(directory);
        Files.setPosixFilePermissions(directory, OWNER_ONLY_DIR);
        Path privateKey = privateKeyPath();
        if (!Files.exists(privateKey)) {
            create(privateKey);
        }
        if (!Files.getPosixFilePermissions(privateKey).equals(OWNER_ONLY_FILE)) {
            LOG.warn("provisioning key {} had permissions {}; set to rw-------",
                    privateKey, PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey)));
            Files.setPosixFilePermissions(privateKey, OWNER_ONLY_FILE);
        }
        String file = Files.readString(privateKey, StandardCharsets.US_ASCII);
        String publicLine = OpenSshEd25519.publicLineOf(file, COMMENT);
        writePublicCopy(publicLine);
        return new Material(file, publicLine);
    }

    private void create(Path privateKey) throws IOException {
        String file = generator.generate(COMMENT).privateKeyPem();
        // Born 0600 and linked into place: no moment where the key is readable by others, and a second process
        // racing us keeps the first key.
        if (AtomicFiles.createIfAbsent(privateKey, file.getBytes(StandardCharsets.US_ASCII), OWNER_ONLY_FILE)) {
            LOG.info("created the provisioning key {}", privateKey);
        } else {
            LOG.info("another process created {} first; using it", privateKey);
        }
    }

    private void writePublicCopy(String publicLine) throws IOException {
        Path publicKey = directory.resolve("id_ed25519.pub");
        String content = publicLine + "\n";
        if (Files.exists(publicKey) && Files.readString(publicKey, StandardCharsets.US_ASCII).equals(content)) {
            return;
        }
        AtomicFiles.write(publicKey, content.getBytes(StandardCharsets.US_ASCII), PUBLIC_FILE);
    }
}
