package dev.nestbox.bootstrap.metrics;

import com.codahale.metrics.MetricRegistry;
import dev.nestbox.adapters.nginx.ReloadListener;
import dev.nestbox.adapters.rest.ApiTelemetry;
import dev.nestbox.application.port.out.Hypervisor;
import dev.nestbox.application.port.out.Telemetry;
import dev.nestbox.domain.hosting.HostingStatus;
import dev.nestbox.domain.hosting.ProvisioningStep;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Nestbox's Prometheus metrics: what the application, the REST edge and the nginx adapter report through their
 * listener ports, gauges read at scrape time, and Dropwizard's own registry (JVM, Jetty, Jersey and our
 * {@code nestbox.machines.*} gauges) bridged into the same output. Label values come from fixed sets only.
 */
public final class NestboxMetrics implements Telemetry, ApiTelemetry, ReloadListener {
    /** Provisioning takes seconds to minutes: a boot alone is 10 s to a few minutes under TCG. */
    private static final double[] PROVISIONING_BUCKETS = {0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Histogram stepSeconds;
    private final Histogram provisioningSeconds;
    private final Counter failures;
    private final Counter reconcilePasses;
    private final Counter reconcileFixes;
    private final Counter reloads;
    private final Counter failedReloads;
    private final Counter logins;
    private final Counter rateLimited;
    private final Counter requests;
    /** What the healer's last complete pass saw; empty until one ran (the gauge then has no series). */
    private volatile Map<Hypervisor.MachineState, Integer> machines = Map.of();

    public NestboxMetrics() {
        stepSeconds = Histogram.builder().name("nestbox_provisioning_step_duration_seconds")
                .help("Time each provisioning step took, including waits for the guest")
                .labelNames("step").classicOnly().classicUpperBounds(PROVISIONING_BUCKETS).register(registry);
        for (ProvisioningStep step : ProvisioningStep.values()) {
            if (step != ProvisioningStep.QUEUED && step != ProvisioningStep.DONE) {
                stepSeconds.initLabelValues(step.label());
            }
        }
        provisioningSeconds = Histogram.builder().name("nestbox_provisioning_duration_seconds")
                .help("Time from a hosting's request until it ran")
                .classicOnly().classicUpperBounds(PROVISIONING_BUCKETS).register(registry);
        failures = Counter.builder().name("nestbox_provisioning_failures")
                .help("Provisionings recorded as failed, by reason class").labelNames("reason").register(registry);
        for (FailureClass failure : FailureClass.values()) {
            failures.initLabelValues(label(failure));
        }
        reconcilePasses = Counter.builder().name("nestbox_reconcile_passes")
                .help("Route reconciliation passes").register(registry);
        reconcileFixes = Counter.builder().name("nestbox_reconcile_fixes")
                .help("Drifted routes and lost guest isolation the reconciler set right").register(registry);
        reloads = Counter.builder().name("nestbox_nginx_reloads")
                .help("nginx reloads that took the new configuration").register(registry);
        failedReloads = Counter.builder().name("nestbox_nginx_reload_failures")
                .help("nginx reloads that failed; nginx keeps its old configuration").register(registry);
        logins = Counter.builder().name("nestbox_logins")
                .help("Log-in attempts by outcome").labelNames("outcome").register(registry);
        for (String outcome : LOGIN_OUTCOMES) {
            logins.initLabelValues(outcome);
        }
        rateLimited = Counter.builder().name("nestbox_rate_limited_requests")
                .help("Requests refused by a rate limit (429), by route").labelNames("route").register(registry);
        requests = Counter.builder().name("nestbox_http_requests")
                .help("HTTP requests answered by the API and dashboard, by method, route template and status")
                .labelNames("method", "route", "status").register(registry);
        GaugeWithCallback.builder().name("nestbox_machines")
                .help("Machines of running hostings by libvirt state, as the healer's last pass saw them")
                .labelNames("state")
                .callback(callback -> machines.forEach((state, count) -> callback.call(count, label(state))))
                .register(registry);
    }

    /** Everything this process exposes, for the scrape servlet. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** Also exposes every metric of Dropwizard's registry, named as Prometheus wants (dots become underscores). */
    public void bridge(MetricRegistry dropwizard) {
        DropwizardExports.builder().dropwizardRegistry(dropwizard).register(registry);
    }

    /** Hostings by status, counted by {@code counts} at most once per {@code refresh} (a scrape reads the store). */
    public void watchHostings(Supplier<Map<HostingStatus, Long>> counts, Duration refresh) {
        HostingCounts cached = new HostingCounts(counts, refresh);
        GaugeWithCallback.builder().name("nestbox_hostings")
                .help("Hostings by state, as recorded in the store")
                .labelNames("state")
                .callback(callback -> cached.current().ifPresent(byStatus -> byStatus.forEach(
                        (status, count) -> callback.call(count, status.label()))))
                .register(registry);
    }

    /** The provisioning queue and its busy workers, read at scrape time. */
    public void watchProvisioning(IntSupplier queued, IntSupplier busyWorkers) {
        GaugeWithCallback.builder().name("nestbox_provisioning_queue_depth")
                .help("Hostings waiting for a provisioning worker")
                .callback(callback -> callback.call(queued.getAsInt()))
                .register(registry);
        GaugeWithCallback.builder().name("nestbox_provisioning_workers_busy")
                .help("Provisioning workers at work on a hosting")
                .callback(callback -> callback.call(busyWorkers.getAsInt()))
                .register(registry);
    }

    @Override
    public void stepCompleted(ProvisioningStep step, Duration took) {
        stepSeconds.labelValues(step.label()).observe(seconds(took));
    }

    @Override
    public void provisioned(Duration took) {
        provisioningSeconds.observe(seconds(took));
    }

    @Override
    public void provisioningFailed(FailureClass failure) {
        failures.labelValues(label(failure)).inc();
    }

    @Override
    public void reconciled(long fixes) {
        reconcilePasses.inc();
        reconcileFixes.inc(fixes);
    }

    @Override
    public void machinesSeen(Map<Hypervisor.MachineState, Integer> machinesByState) {
        machines = Map.copyOf(new EnumMap<>(machinesByState));
    }

    @Override
    public void answered(String method, String route, int status) {
        requests.labelValues(method, route, String.valueOf(status)).inc();
    }

    @Override
    public void loggedIn(String outcome) {
        logins.labelValues(outcome).inc();
    }

    @Override
    public void rateLimited(String route) {
        rateLimited.labelValues(route).inc();
    }

    @Override
    public void reloaded() {
        reloads.inc();
    }

    @Override
    public void reloadFailed() {
        failedReloads.inc();
    }

    private static double seconds(Duration took) {
        return Math.max(0, took.toNanos()) / 1e9;
    }

    private static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
