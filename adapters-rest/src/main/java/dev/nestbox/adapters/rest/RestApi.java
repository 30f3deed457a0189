package dev.nestbox.adapters.rest;

import dev.nestbox.adapters.rest.auth.BearerAuthentication;
import dev.nestbox.adapters.rest.dashboard.DashboardResource;
import dev.nestbox.adapters.rest.error.ErrorMapper;
import dev.nestbox.adapters.rest.error.JsonErrorHandler;
import dev.nestbox.adapters.rest.filter.BodySizeLimit;
import dev.nestbox.adapters.rest.filter.ClientAddressLimiter;
import dev.nestbox.adapters.rest.filter.Cors;
import dev.nestbox.adapters.rest.filter.HashingCapacityGate;
import dev.nestbox.adapters.rest.filter.HostingChangeLimiter;
import dev.nestbox.adapters.rest.filter.SecurityHeaders;
import dev.nestbox.adapters.rest.requestid.RequestIdFilter;
import dev.nestbox.adapters.rest.resource.AccountResource;
import dev.nestbox.adapters.rest.resource.HostResource;
import dev.nestbox.adapters.rest.resource.PlansResource;
import dev.nestbox.adapters.rest.security.BoundedPasswordHasher;
import dev.nestbox.application.port.in.AuthenticateUseCase;
import dev.nestbox.application.port.in.ReadTokenUseCase;
import dev.nestbox.application.port.in.DeleteHostingUseCase;
import dev.nestbox.application.port.in.ListPlansUseCase;
import dev.nestbox.application.port.in.LogInUseCase;
import dev.nestbox.application.port.in.RegisterUserUseCase;
import dev.nestbox.application.port.in.RequestHostingUseCase;
import dev.nestbox.application.port.in.ShowHostingUseCase;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import jakarta.servlet.Filter;
import org.eclipse.jetty.server.handler.ErrorHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Everything the REST edge adds to Jersey: the contract's resources, auth, limits, errors, the dashboard. */
public final class RestApi {
    private RestApi() {
    }

    /** @param readToken for {@code @UserCheckedByQuery} methods: the token alone, the use case refuses a gone user */
    public record UseCases(RegisterUserUseCase register, LogInUseCase logIn, AuthenticateUseCase authenticate,
                           ReadTokenUseCase readToken, RequestHostingUseCase requestHosting, ShowHostingUseCase showHosting,
                           DeleteHostingUseCase deleteHosting, ListPlansUseCase listPlans) {
    }

    /**
     * @param maxBodyBytes      larger request bodies get 413
     * @param attemptsPerMinute sign-up and log-in attempts per client address and minute (0: unlimited)
     * @param attemptsBurst     attempts a client may make at once before the per-minute rate applies
     * @param corsOrigins       origins allowed to call the API from a browser (empty: none)
     * @param dashboardRoot     classpath folder of the dashboard's static export
     * @param hostChangesPerAccountPerHour POSTs, and DELETEs, of /host one account may make per hour (0: unlimited)
     * @param hostChangesPerMinute         POSTs, and DELETEs, of /host all accounts together may make per minute
     *                                     (0: unlimited)
     */
    public record Settings(long maxBodyBytes, int attemptsPerMinute, int attemptsBurst, Set<String> corsOrigins,
                           String dashboardRoot, int hostChangesPerAccountPerHour, int hostChangesPerMinute) {
    }

    /** For Jetty's own refusals, before Jersey sees the request: the same envelope and codes as everything else. */
    public static ErrorHandler errorHandler() {
        return new JsonErrorHandler();
    }

    /**
     * For every request of the application port, before Jersey: its id (X-Request-Id) in the logs' MDC, in the
     * response's header and in any error envelope's {@code error_id}.
     */
    public static Filter requestIds() {
        return new RequestIdFilter();
    }

    /**
     * @param passwordHashing the bounded hasher the use cases hash with: sign-up and log-in are refused at the
     *                        door while it is saturated
     */
    public static void install(JerseyEnvironment jersey, UseCases useCases, Settings settings,
                               BoundedPasswordHasher passwordHashing) {
        install(jersey, useCases, settings, passwordHashing, ApiTelemetry.NONE);
    }

    /** As the method above, also telling {@code telemetry} about every answer. */
    public static void install(JerseyEnvironment jersey, UseCases useCases, Settings settings,
                               BoundedPasswordHasher passwordHashing, ApiTelemetry telemetry) {
        components(useCases, settings, passwordHashing, telemetry).forEach(jersey::register);
    }

    /** Everything {@link #install} registers, so that a test can run exactly this edge without a server. */
    public static List<Object> components(UseCases useCases, Settings settings,
                                          BoundedPasswordHasher passwordHashing) {
        return components(useCases, settings, passwordHashing, ApiTelemetry.NONE);
    }

    public static List<Object> components(UseCases useCases, Settings settings,
                                          BoundedPasswordHasher passwordHashing, ApiTelemetry telemetry) {
        List<Object> resources = List.of(new AccountResource(useCases.register(), useCases.logIn()),
                new HostResource(useCases.requestHosting(), useCases.showHosting(), useCases.deleteHosting()),
                new PlansResource(useCases.listPlans()));
        List<Object> components = new ArrayList<>(List.of(
                new ErrorMapper(),
                new BodySizeLimit(settings.maxBodyBytes()),
                new ClientAddressLimiter(settings.attemptsPerMinute(), settings.attemptsBurst()),
                new HashingCapacityGate(passwordHashing),
                new Cors(settings.corsOrigins()),
                new SecurityHeaders(),
                new BearerAuthentication(useCases.authenticate(), useCases.readToken()),
                new HostingChangeLimiter(settings.hostChangesPerAccountPerHour(), settings.hostChangesPerMinute()),
                new RequestMetrics(telemetry)));
        components.addAll(resources);
        // The dashboard's catch-all leaves the API's paths to the resources: it learns them from their classes.
        components.add(new DashboardResource(settings.dashboardRoot(),
                resources.stream().<Class<?>>map(Object::getClass).toList()));
        return components;
    }
}
