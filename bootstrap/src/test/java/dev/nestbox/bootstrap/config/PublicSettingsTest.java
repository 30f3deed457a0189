package dev.nestbox.bootstrap.config;

import dev.nestbox.bootstrap.NestboxConfiguration;
import dev.nestbox.domain.hosting.SiteName;
import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The panel's host name against the sites' host names: what configuration lets through and what it reserves. */
class PublicSettingsTest {
    private static final Validator VALIDATOR = Validators.newValidator();

    private static PublicSettings settings(String panelUrl, String sitesUrl, boolean subdomains, String... reserved) {
        PublicSettings settings = new PublicSettings();
        settings.panelUrl = panelUrl;
        settings.sitesUrl = sitesUrl;
        settings.subdomains = subdomains;
        settings.reservedSiteNames = List.of(reserved);
        return settings;
    }

    private static List<String> problems(PublicSettings settings) {
        Set<ConstraintViolation<PublicSettings>> violations = VALIDATOR.validate(settings);
        return violations.stream().map(ConstraintViolation::getMessage).toList();
    }

    @Test
    void in_subdomain_mode_a_panel_at_a_label_any_user_could_take_is_refused_naming_the_fix() {
        List<String> problems = problems(settings("https://console.example.com", "https://example.com", true));

        assertThat(problems).singleElement().asString()
                .contains("console.example.com", "site named 'console'", "public.reservedSiteNames",
                        "panel.example.com");
    }

    @Test
    void in_subdomain_mode_a_panel_under_a_site_label_is_refused_too() {
        assertThat(problems(settings("https://eu.console.example.com", "https://example.com", true)))
                .singleElement().asString().contains("site named 'console'");
    }

    @Test
    void in_subdomain_mode_the_panel_at_the_sites_host_itself_is_refused() {
        assertThat(problems(settings("https://Example.com:8444", "https://example.com", true)))
                .singleElement().asString().contains("the sites host itself", "panel.example.com");
    }

    @ParameterizedTest(name = "{0} with sites at {1}, subdomains {2}, reserved [{3}]")
    @CsvSource(delimiter = '|', value = {
            "https://console.example.com|https://example.com|true|console",
            "https://CONSOLE.example.com.|https://example.com|true|Console",
            "https://panel.example.com|https://example.com|true|",
            "https://admin.example.com|https://example.com|true|",
            "https://ab.example.com|https://example.com|true|",
            "https://nestbox-panel.org|https://example.com|true|",
            "https://console.example.com|https://example.com|false|",
            "https://example.com:8444|https://example.com|false|",
            "http://localhost:8000|http://127.0.0.1:8088|false|",
            "http://localhost:8000|http://127.0.0.1:8088|true|"})
    void set_ups_where_no_site_can_get_the_panels_host_pass(String panel, String sites, boolean subdomains,
                                                             String reserved) {
        PublicSettings settings = reserved == null
                ? settings(panel, sites, subdomains) : settings(panel, sites, subdomains, reserved);
        assertThat(problems(settings)).isEmpty();
    }

    @Test
    void the_panels_label_and_the_listed_names_are_reserved_for_new_sites_in_either_mode() {
        for (boolean subdomains : new boolean[]{true, false}) {
            SiteName.Reservations reservations = settings("https://console.example.com", "https://example.com",
                    subdomains, "console", "blog").siteNameReservations();

            assertThat(reservations.candidate("console", 0)).isEqualTo(SiteName.of("console-2"));
            assertThat(reservations.candidate("Blog", 0)).isEqualTo(SiteName.of("blog-2"));
            assertThat(reservations.candidate("alice", 0)).isEqualTo(SiteName.of("alice"));
        }
        SiteName.Reservations unlisted = settings("https://console.example.com", "https://example.com", false)
                .siteNameReservations();
        assertThat(unlisted.reserves("console")).as("the panel's label without listing it").isTrue();
        assertThat(settings("https://nestbox.org", "https://example.com", true).siteNameReservations()
                .reserves("nestbox")).as("built in").isTrue();
        assertThat(settings("https://panel.org", "https://example.com", true).siteNameReservations()
                .reserves("panel-org")).isFalse();
    }

    @Test
    void the_server_refuses_such_a_config_yml_when_it_reads_it() {
        String yaml = """
                public:
                  panelUrl: https://console.example.com
                  sitesUrl: https://example.com
                  subdomains: true
                """;
        YamlConfigurationFactory<NestboxConfiguration> factory = new YamlConfigurationFactory<>(
                NestboxConfiguration.class, VALIDATOR, Jackson.newObjectMapper(), "dw");

        assertThatThrownBy(() -> factory.build(
                path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "config.yml"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("site named 'console'");
    }
}
