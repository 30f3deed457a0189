package dev.nestbox.bootstrap;

import dev.nestbox.adapters.postgres.PostgresTestDatabase;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The whole application on loopback over a throw-away database and data folder, with test-config.yml. */
final class TestApps {
    private TestApps() {
    }

    static DropwizardAppExtension<NestboxConfiguration> app(PostgresTestDatabase database, ConfigOverride... extra) {
        Path data = tempDir();
        List<ConfigOverride> overrides = new ArrayList<>(List.of(
                ConfigOverride.config("database.url", () -> database.start().url()),
                ConfigOverride.config("database.user", database::user),
                ConfigOverride.config("database.password", database::password),
                ConfigOverride.config("migrateOnStart", "true"),
                ConfigOverride.config("dataDir", data.toString()),
                ConfigOverride.config("proxy.nginxDir", data.resolve("nginx").toString()),
                ConfigOverride.config("proxy.listenAddress", "127.0.0.1"),
                ConfigOverride.config("proxy.sitesPort", String.valueOf(TestNginx.freePort())),
                ConfigOverride.config("proxy.panelPort", String.valueOf(TestNginx.freePort())),
                ConfigOverride.config("hypervisor.seedDir", data.resolve("seeds").toString()),
                ConfigOverride.config("hypervisor.poolPath", data.resolve("disks").toString()),
                ConfigOverride.config("hypervisor.imagesDir", data.resolve("images").toString()),
                ConfigOverride.config("hypervisor.consoleLogDir", data.resolve("console").toString())));
        overrides.addAll(List.of(extra));
        return new DropwizardAppExtension<>(NestboxApplication.class,
                ResourceHelpers.resourceFilePath("test-config.yml"), overrides.toArray(ConfigOverride[]::new));
    }

    /**
     * A data folder where the micro image looks installed (stand-in kernel and initramfs: nothing here boots them),
     * so that a POST /host with provisioning on is not refused as PLAN_UNAVAILABLE.
     */
    private static Path tempDir() {
        try {
            Path data = Files.createTempDirectory("nestbox-app-");
            Path images = Files.createDirectories(data.resolve("images"));
            Files.writeString(images.resolve("vmlinuz"), "stand-in kernel");
            Files.writeString(images.resolve("initrd.img"), "stand-in initramfs");
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
