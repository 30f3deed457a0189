package dev.nestbox.adapters.rest.auth;

import dev.nestbox.adapters.rest.error.ApiError;
import dev.nestbox.adapters.rest.error.ErrorMapper;
import dev.nestbox.application.port.in.AuthenticateUseCase;
import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.auth.Authenticator;
import io.dropwizard.auth.UnauthorizedHandler;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.Response;

/** Bearer tokens (Authorization header only) on every {@code @Auth} parameter, checked by the authenticate use case. */
public final class BearerAuthentication implements Feature {
    private final AuthenticateUseCase authenticate;

    public BearerAuthentication(AuthenticateUseCase authenticate) {
        this.authenticate = authenticate;
    }

    @Override
    public boolean configure(FeatureContext context) {
        Authenticator<String, AuthenticatedUser> authenticator =
                token -> authenticate.authenticate(token).map(AuthenticatedUser::new);
        context.register(new AuthDynamicFeature(new BearerHeaderFilter.Builder<AuthenticatedUser>()
                .setAuthenticator(authenticator)
                .setPrefix("Bearer")
                .setRealm("nestbox")
                .setUnauthorizedHandler(new UnauthorizedHandler() {
                    @Override
                    public Response buildResponse(String prefix, String realm) {
                        return ErrorMapper.respond(ApiError.UNAUTHORIZED,
                                "Sign in first: a valid, unexpired bearer token is required", null, null);
                    }
                })
                .buildAuthFilter()));
        context.register(new AuthValueFactoryProvider.Binder<>(AuthenticatedUser.class));
        return true;
    }

}
