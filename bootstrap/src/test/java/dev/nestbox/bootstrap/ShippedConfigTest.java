package dev.nestbox.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.access.common.spi.IAccessEvent;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.pattern.PatternLayoutBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nestbox.bootstrap.logging.AccessTextLayoutFactory;
import dev.nestbox.bootstrap.logging.TextLayoutFactory;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.logging.common.AbstractAppenderFactory;
import io.dropwizard.logging.common.AppenderFactory;
import io.dropwizard.logging.common.DefaultLoggingFactory;
import io.dropwizard.logging.common.FileAppenderFactory;
import io.dropwizard.logging.common.layout.DiscoverableLayoutFactory;
import io.dropwizard.logging.json.AccessJsonLayoutBaseFactory;
import io.dropwizard.logging.json.EventJsonLayoutBaseFactory;
import io.dropwizard.request.logging.LogbackAccessRequestLogFactory;
import io.dropwizard.util.DataSize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.apache.commons.text.StringSubstitutor;
import org.junit.jupiter.api.Test;

/**
 * The config.yml that ./nestbox up installs parses and validates as the server reads it (the same environment
 * substitution), with every ${VAR:-default} at its default: a value that the substitution turns into something
 * YAML reads differently (an empty default becomes null) would stop every server start. Its logs switch between
 * text and JSON lines by NESTBOX_LOG_FORMAT alone, carry the request id either way, and roll over.
 */
class ShippedConfigTest {
    private static final Path SHIPPED = Path.of("..", "config.yml");
    private static final String REQUEST_ID = "e2e-0123abcd";

    @Test
    void the_shipped_config_yml_is_valid_with_its_defaults() throws Exception {
        assertThat(Files.isRegularFile(SHIPPED)).as("config.yml at the top of the tree").isTrue();
        NestboxConfiguration config = load(Map.of());

        assertThat(config.proxy.tlsCertificate).isEmpty();
        assertThat(config.proxy.tlsKey).isEmpty();
        assertThat(config.proxy.sitesTlsPort).isEqualTo(8443);
        assertThat(config.dataDir).isEqualTo(System.getenv().getOrDefault("NESTBOX_STATE", "/var/lib/nestbox"));
        if (System.getenv("NESTBOX_HASHING_NICE") == null) {
            assertThat(config.auth.hashingNice).as("bcrypt yields the cores to request handling").isEqualTo(10);
        }
        if (System.getenv("NESTBOX_PROVISIONING_CONCURRENCY") == null) {
            assertThat(config.provisioning.concurrency).isZero();
            assertThat(config.provisioning.effectiveConcurrency()).isEqualTo(Runtime.getRuntime().availableProcessors());
        }
    }

    /** The shipped sizes, chosen from guest/test and guest/debian-12/test boots at 16 and 64 MiB (README, Measured). */
    static final int MICRO_TCG_CACHE_MIB = 16;
    static final int DEBIAN_TCG_CACHE_MIB = 64;

    @Test
    void the_shipped_plans_boot_the_shipped_images_micro_builtin_and_debian_12_from_disk_versions() throws Exception {
        NestboxConfiguration config = load(Map.of("NESTBOX_STATE", "/srv/nb"));

        dev.nestbox.adapters.libvirt.LibvirtSettings settings = Nestbox.libvirtSettings(config.hypervisor, config);

        assertThat(settings.images()).containsOnlyKeys("micro", "debian-12");
        assertThat(settings.image("micro")).contains(
                new dev.nestbox.adapters.libvirt.LibvirtSettings.Guest.Builtin(Path.of("/srv/nb/images")));
        assertThat(settings.image("debian-12")).contains(
                new dev.nestbox.adapters.libvirt.LibvirtSettings.Guest.Disk(Path.of("/srv/nb/images/debian-12")));
        assertThat(config.hosting.catalog(config.hypervisor.diskMib).offers())
                .extracting(offer -> offer.plan().image()).containsExactly("micro", "debian-12");
    }

    @Test
    void each_shipped_image_has_its_own_translation_cache_and_nestbox_tcg_cache_mib_sets_them_all() throws Exception {
        NestboxConfiguration config = load(Map.of());
        dev.nestbox.adapters.libvirt.GuestResources shipped = Nestbox.guestResources(config.hypervisor);
        assertThat(shipped.tcgCacheMib("micro")).isEqualTo(MICRO_TCG_CACHE_MIB);
        assertThat(shipped.tcgCacheMib("debian-12")).isEqualTo(DEBIAN_TCG_CACHE_MIB);
        assertThat(shipped.tcgCacheMib()).isEqualTo(64);

        NestboxConfiguration overridden = load(Map.of("NESTBOX_TCG_CACHE_MIB", "32"));
        dev.nestbox.adapters.libvirt.GuestResources operator = Nestbox.guestResources(overridden.hypervisor);
        assertThat(operator.tcgCacheMib("micro")).isEqualTo(32);
        assertThat(operator.tcgCacheMib("debian-12")).isEqualTo(32);
        assertThat(operator.tcgCacheMib()).isEqualTo(32);
    }

    @Test
    void by_default_every_log_is_text_with_the_request_id_after_the_time() throws Exception {
        NestboxConfiguration config = load(Map.of());

        assertThat(serverAppenders(config)).hasSize(2)
                .allSatisfy(a -> assertThat(layoutOf(a)).isInstanceOf(TextLayoutFactory.class));
        assertThat(requestAppenders(config)).singleElement()
                .satisfies(a -> assertThat(layoutOf(a)).isInstanceOf(AccessTextLayoutFactory.class));

        String line = format(layoutOf(serverAppenders(config).get(1)), REQUEST_ID);
        assertThat(line).startsWith("ERROR [").contains("] [" + REQUEST_ID + "] dev.nestbox.Example: it failed");
        assertThat(format(layoutOf(serverAppenders(config).get(1)), null)).contains("] [-] dev.nestbox.Example");
        LayoutBase<IAccessEvent> access = accessLayout(requestAppenders(config).get(0));
        assertThat(((PatternLayoutBase<IAccessEvent>) access).getPattern()).endsWith(
                "rid=%responseHeader{X-Request-Id}");
    }

    @Test
    void nestbox_log_format_json_makes_every_log_json_lines_with_the_request_id() throws Exception {
        NestboxConfiguration config = load(Map.of("NESTBOX_LOG_FORMAT", "json"));

        assertThat(serverAppenders(config)).hasSize(2)
                .allSatisfy(a -> assertThat(layoutOf(a)).isInstanceOf(EventJsonLayoutBaseFactory.class));
        assertThat(requestAppenders(config)).singleElement().satisfies(a -> {
            assertThat(layoutOf(a)).isInstanceOf(AccessJsonLayoutBaseFactory.class);
            assertThat(((AccessJsonLayoutBaseFactory) layoutOf(a)).getResponseHeaders()).contains("X-Request-Id");
            accessLayout(a);
        });

        String line = format(layoutOf(serverAppenders(config).get(1)), REQUEST_ID);
        assertThat(line).endsWith("\n").doesNotContain("\n\n");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.path("level").asText()).isEqualTo("ERROR");
        assertThat(json.path("message").asText()).isEqualTo("it failed");
        assertThat(json.path("mdc").path("request_id").asText()).isEqualTo(REQUEST_ID);
        assertThat(json.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}.*");
    }

    @Test
    void the_server_logs_roll_over_daily_and_by_size_and_old_ones_are_bounded() throws Exception {
        NestboxConfiguration config = load(Map.of());
        List<FileAppenderFactory<?>> files = new java.util.ArrayList<>();
        serverAppenders(config).stream().filter(FileAppenderFactory.class::isInstance)
                .forEach(a -> files.add((FileAppenderFactory<?>) a));
        requestAppenders(config).forEach(a -> files.add((FileAppenderFactory<?>) a));

        assertThat(files).hasSize(2).allSatisfy(file -> {
            assertThat(file.getArchivedLogFilenamePattern()).contains("%d").contains("%i").endsWith(".log.gz");
            assertThat(file.getArchivedFileCount()).isBetween(1, 30);
            assertThat(file.getMaxFileSize()).isNotNull().isLessThanOrEqualTo(DataSize.mebibytes(100));
            assertThat(file.getTotalSizeCap()).isNotNull().isLessThanOrEqualTo(DataSize.gibibytes(1));
        });
    }

    private static NestboxConfiguration load(Map<String, String> environment) throws Exception {
        // The server's EnvironmentVariableSubstitutor, with this test's variables first. A variable the test does
        // not set reads as unset even if the shell running the build has it.
        Map<String, String> variables = new HashMap<>(System.getenv());
        variables.remove("NESTBOX_LOG_FORMAT");
        variables.remove("NESTBOX_TCG_CACHE_MIB");
        variables.putAll(environment);
        StringSubstitutor substitutor = new StringSubstitutor(variables::get);
        substitutor.setEnableUndefinedVariableException(false);
        substitutor.setEnableSubstitutionInVariables(true);
        YamlConfigurationFactory<NestboxConfiguration> factory = new YamlConfigurationFactory<>(
                NestboxConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");
        return factory.build(new SubstitutingSourceProvider(new FileConfigurationSourceProvider(), substitutor),
                SHIPPED.toString());
    }

    private static List<AppenderFactory<ILoggingEvent>> serverAppenders(NestboxConfiguration config) {
        return ((DefaultLoggingFactory) config.getLoggingFactory()).getAppenders();
    }

    private static List<AppenderFactory<IAccessEvent>> requestAppenders(NestboxConfiguration config) {
        DefaultServerFactory server = (DefaultServerFactory) config.getServerFactory();
        return ((LogbackAccessRequestLogFactory) server.getRequestLogFactory()).getAppenders();
    }

    private static DiscoverableLayoutFactory<?> layoutOf(AppenderFactory<?> appender) {
        return ((AbstractAppenderFactory<?>) appender).getLayout();
    }

    @SuppressWarnings("unchecked")
    private static LayoutBase<IAccessEvent> accessLayout(AppenderFactory<IAccessEvent> appender) {
        DiscoverableLayoutFactory<IAccessEvent> factory = (DiscoverableLayoutFactory<IAccessEvent>) layoutOf(appender);
        LayoutBase<IAccessEvent> layout = factory.build(new LoggerContext(), TimeZone.getTimeZone("UTC"));
        layout.start();
        assertThat(layout.isStarted()).isTrue();
        return layout;
    }

    @SuppressWarnings("unchecked")
    private static String format(DiscoverableLayoutFactory<?> factory, String requestId) {
        LoggerContext context = new LoggerContext();
        LayoutBase<ILoggingEvent> layout = ((DiscoverableLayoutFactory<ILoggingEvent>) factory)
                .build(context, TimeZone.getTimeZone("UTC"));
        layout.start();
        LoggingEvent event = new LoggingEvent(ShippedConfigTest.class.getName(),
                context.getLogger("dev.nestbox.Example"), Level.ERROR, "it failed", null, null);
        event.setMDCPropertyMap(requestId == null ? Map.of() : Map.of("request_id", requestId));
        return layout.doLayout(event);
    }
}
