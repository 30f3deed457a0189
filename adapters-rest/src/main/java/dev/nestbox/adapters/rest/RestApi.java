package dev.nestbox.adapters.rest;

import dev.nestbox.adapters.rest.auth.BearerAuthentication;
import dev.nestbox.adapters.rest.dashboard.DashboardResource;
import dev.nestbox.adapters.rest.error.ErrorMapper;
import dev.nestbox.adapters.rest.filter.BodySizeLimit;
import dev.nestbox.adapters.rest.filter.ClientAddressLimiter;
import dev.nestbox.adapters.rest.filter.Cors;
import dev.nestbox.adapters.rest.filter.HashingCapacityGate;
import dev.nestbox.adapters.rest.filter.HostingChangeLimiter;
import dev.nestbox.adapters.rest.filter.SecurityHeaders;
import dev.nestbox.adapters.rest.resource.AccountResource;
import dev.nestbox.adapters.rest.resource.HostResource;
import dev.nestbox.adapters.rest.security.BoundedPasswordHasher;
import dev.nestbox.application.port.in.AuthenticateUseCase;
import dev.nestbox.application.port.in.DeleteHostingUseCase;
import dev.nestbox.application.port.in.LogInUseCase;
import dev.nestbox.application.port.in.RegisterUserUseCase;
import dev.nestbox.application.port.in.RequestHostingUseCase;
import dev.nestbox.application.port.in.ShowHostingUseCase;
import io.dropwizard.jersey.setup.JerseyEnvironment;

import java.util.Set;

/** Everything the REST edge adds to Jersey: the contract's resources, auth, limits, errors, the dashboard. */
public final class RestApi {
    private RestApi() {
    }

    public record UseCases(RegisterUserUseCase register, LogInUseCase logIn, AuthenticateUseCase authenticate,
                           RequestHostingUseCase requestHosting, ShowHostingUseCase showHosting,
                           DeleteHostingUseCase deleteHosting) {
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

    /**
     * @param passwordHashing the bounded hasher the use cases hash with: sign-up and log-in are refused at the
     *                        door while it is saturated
     */
    public static void install(JerseyEnvironment jersey, UseCases useCases, Settings settings,
                               BoundedPasswordHasher passwordHashing) {
        jersey.register(new ErrorMapper());
        jersey.register(new BodySizeLimit(settings.maxBodyBytes()));
        jersey.register(new ClientAddressLimiter(settings.attemptsPerMinute(), settings.attemptsBurst()));
        jersey.register(new HashingCapacityGate(passwordHashing));
        jersey.register(new Cors(settings.corsOrigins()));
        jersey.register(new SecurityHeaders());
        jersey.register(new BearerAuthentication(useCases.authenticate()));
        jersey.register(new HostingChangeLimiter(settings.hostChangesPerAccountPerHour(),
                settings.hostChangesPerMinute()));
        jersey.register(new AccountResource(useCases.register(), useCases.logIn()));
        jersey.register(new HostResource(useCases.requestHosting(), useCases.showHosting(), useCases.deleteHosting()));
        jersey.register(new DashboardResource(settings.dashboardRoot()));
    }
}
