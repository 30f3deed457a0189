package dev.nestbox.bootstrap;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.nestbox.bootstrap.config.ApiSettings;
import dev.nestbox.bootstrap.config.AuthSettings;
import dev.nestbox.bootstrap.config.HostingSettings;
import dev.nestbox.bootstrap.config.HypervisorConfig;
import dev.nestbox.bootstrap.config.ProvisioningConfig;
import dev.nestbox.bootstrap.config.ProxyConfig;
import dev.nestbox.bootstrap.config.PublicSettings;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/** config.yml: every key is documented in README.md. */
public class NestboxConfiguration extends Configuration {
    @Valid @NotNull @JsonProperty public DataSourceFactory database = new DataSourceFactory();
    /** Apply pending database migrations when the server starts. */
    @JsonProperty public boolean migrateOnStart = true;
    /** Where the platform keeps its own state: provisioning key, pinned guest host keys. */
    @NotBlank @JsonProperty public String dataDir = "/var/lib/nestbox";
    @Valid @NotNull @JsonProperty public AuthSettings auth = new AuthSettings();
    @Valid @NotNull @JsonProperty public ApiSettings api = new ApiSettings();
    @Valid @NotNull @JsonProperty("public") public PublicSettings publicEndpoints = new PublicSettings();
    @Valid @NotNull @JsonProperty public HostingSettings hosting = new HostingSettings();
    @Valid @NotNull @JsonProperty public ProvisioningConfig provisioning = new ProvisioningConfig();
    @Valid @NotNull @JsonProperty public HypervisorConfig hypervisor = new HypervisorConfig();
    @Valid @NotNull @JsonProperty public ProxyConfig proxy = new ProxyConfig();
}
