package dev.nestbox.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The config.yml that ./nestbox up installs parses and validates as the server reads it (the same environment
 * substitution), with every ${VAR:-default} at its default: a value that the substitution turns into something
 * YAML reads differently (an empty default becomes null) would stop every server start.
 */
class ShippedConfigTest {
    private static final Path SHIPPED = Path.of("..", "config.yml");

    @Test
    void the_shipped_config_yml_is_valid_with_its_defaults() throws Exception {
        assertThat(Files.isRegularFile(SHIPPED)).as("config.yml at the top of the tree").isTrue();
        YamlConfigurationFactory<NestboxConfiguration> factory = new YamlConfigurationFactory<>(
                NestboxConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");
        NestboxConfiguration config = factory.build(new SubstitutingSourceProvider(
                new FileConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)), SHIPPED.toString());

        assertThat(config.proxy.tlsCertificate).isEmpty();
        assertThat(config.proxy.tlsKey).isEmpty();
        assertThat(config.proxy.sitesTlsPort).isEqualTo(8443);
        assertThat(config.dataDir).isEqualTo(System.getenv().getOrDefault("NESTBOX_STATE", "/var/lib/nestbox"));
        if (System.getenv("NESTBOX_PROVISIONING_CONCURRENCY") == null) {
            assertThat(config.provisioning.concurrency).isZero();
            assertThat(config.provisioning.effectiveConcurrency()).isEqualTo(Runtime.getRuntime().availableProcessors());
        }
    }
}
