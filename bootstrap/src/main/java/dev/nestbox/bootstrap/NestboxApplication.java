package dev.nestbox.bootstrap;

import com.codahale.metrics.Gauge;
import dev.nestbox.adapters.postgres.PostgresStore;
import dev.nestbox.adapters.rest.RestApi;
import dev.nestbox.bootstrap.metrics.NestboxMetrics;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.jdbi3.JdbiFactory;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.migrations.MigrationsBundle;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import jakarta.servlet.DispatcherType;
import org.apache.tomcat.jdbc.pool.DataSourceProxy;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.DefinedAttributeTemplateEngine;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/** The web server: REST API and dashboard on the panel origin, the provisioning worker behind them. */
public final class NestboxApplication extends Application<NestboxConfiguration> {
    /** Where Prometheus scrapes, on the admin port. */
    public static final String PROMETHEUS_PATH = "/metrics/prometheus";
    /** How long a count of the hostings by state serves scrapes before the store is asked again. */
    private static final Duration HOSTING_COUNT_REFRESH = Duration.ofSeconds(10);
    private volatile Jdbi jdbi;

    public static void main(String[] args) throws Exception {
        new NestboxApplication().run(args);
    }

    /** The store's JDBI once running, for tests that watch the statements a request makes. */
    Jdbi jdbi() {
        return jdbi;
    }

    @Override
    public String getName() {
        return "nestbox";
    }

    @Override
    public void initialize(Bootstrap<NestboxConfiguration> bootstrap) {
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        bootstrap.addCommand(new RenderNginxCommand());
        bootstrap.addCommand(new ConsoleCommand());
        bootstrap.addBundle(new MigrationsBundle<>() {
            @Override
            public DataSourceFactory getDataSourceFactory(NestboxConfiguration configuration) {
                return configuration.database;
            }

            @Override
            public String getMigrationsFileName() {
                return PostgresStore.CHANGELOG;
            }
        });
    }

    @Override
    public void run(NestboxConfiguration config, Environment environment) {
        if (config.getServerFactory() instanceof AbstractServerFactory server) {
            // Our one ExceptionMapper answers every error with the JSON envelope; Dropwizard's would compete.
            server.setRegisterDefaultExceptionMappers(false);
        }
        environment.lifecycle().addServerLifecycleListener(server -> server.setErrorHandler(RestApi.errorHandler()));
        environment.servlets().addFilter("request-id", RestApi.requestIds())
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        ManagedDataSource dataSource = config.database.build(environment.metrics(), "postgresql");
        if (dataSource instanceof DataSourceProxy pool) {
            // The pool wraps every statement and result set in a reflective proxy (java.lang.reflect.Proxy) unless
            // told not to; JDBI never needs a statement's proxy connection back (it closes its own), and the proxy
            // was ~1.5% of GET /host's CPU in bench/api's perf profile (each getString of a row went through
            // Method.invoke). Connections stay wrapped: a closed one still cannot be used.
            pool.getPoolProperties().setUseStatementFacade(false);
        }
        // JdbiFactory also registers the database's health check ("postgresql") on the admin port.
        Jdbi jdbi = new JdbiFactory().build(environment, config.database, dataSource, "postgresql");
        // Dropwizard's NamePrependingTemplateEngine is not a caching (Parsing) engine, so JDBI re-parsed every
        // statement's template with ANTLR on every execution: a tenth of GET /host's CPU in bench/api's profile.
        // JDBI's own engine parses each statement once.
        jdbi.setTemplateEngine(new DefinedAttributeTemplateEngine());
        this.jdbi = jdbi;
        if (config.migrateOnStart) {
            PostgresStore.migrate(jdbi);
        }
        NestboxMetrics metrics = new NestboxMetrics();
        Nestbox nestbox = Nestbox.assemble(config, jdbi, metrics, metrics);
        nestbox.healthChecks().forEach(environment.healthChecks()::register);
        // The healer's counts, for monitoring, on the admin port's /metrics and /metrics/prometheus.
        environment.metrics().register("nestbox.machines.restarted",
                (Gauge<Long>) () -> nestbox.machineHealing().report().restarted());
        environment.metrics().register("nestbox.machines.failed",
                (Gauge<Long>) () -> nestbox.machineHealing().report().failed());
        metrics.bridge(environment.metrics());
        metrics.watchHostings(nestbox::hostingsByStatus, HOSTING_COUNT_REFRESH);
        metrics.watchProvisioning(nestbox::provisioningQueued, nestbox::provisioningBusy);
        environment.admin().addServlet("prometheus", new PrometheusMetricsServlet(metrics.registry()))
                .addMapping(PROMETHEUS_PATH);
        environment.lifecycle().manage(new Managed() {
            @Override
            public void start() {
                nestbox.start();
            }

            @Override
            public void stop() {
                nestbox.close();
            }
        });
        RestApi.install(environment.jersey(), nestbox.restUseCases(), new RestApi.Settings(
                config.api.maxBodyBytes, config.api.attemptsPerMinute, config.api.attemptsBurst,
                Set.copyOf(config.api.corsOrigins), "dashboard", config.api.hostChangesPerAccountPerHour,
                config.api.hostChangesPerMinute), nestbox.passwordHashing(), metrics);
    }
}
