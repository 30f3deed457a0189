package dev.nestbox.adapters.rest;

import dev.nestbox.adapters.rest.auth.BearerAuthentication;
import dev.nestbox.adapters.rest.dashboard.DashboardResource;
import dev.nestbox.adapters.rest.error.ErrorMapper;
import dev.nestbox.adapters.rest.filter.BodySizeLimit;
import dev.nestbox.adapters.rest.filter.ClientAddressLimiter;
import dev.nestbox.adapters.rest.filter.Cors;
import dev.nestbox.adapters.rest.filter.SecurityHeaders;
import dev.nestbox.adapters.rest.resource.AccountResource;
import dev.nestbox.adapters.rest.resource.HostResource;
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
     */
    public record Settings(long maxBodyBytes, int attemptsPerMinute, int attemptsBurst, Set<String> corsOrigins,
                           String dashboardRoot) {
    }

    public static void install(JerseyEnvironment jersey, UseCases useCases, Settings settings) {
        jersey.register(new ErrorMapper());
        jersey.register(new BodySizeLimit(settings.maxBodyBytes()));
        jersey.register(new ClientAddressLimiter(settings.attemptsPerMinute(), settings.attemptsBurst()));
        jersey.register(new Cors(settings.corsOrigins()));
        jersey.register(new SecurityHeaders());
        jersey.register(new BearerAuthentication(useCases.authenticate()));
        jersey.register(new AccountResource(useCases.register(), useCases.logIn()));
        jersey.register(new HostResource(useCases.requestHosting(), useCases.showHosting(), useCases.deleteHosting()));
        jersey.register(new DashboardResource(settings.dashboardRoot()));
    }
}
