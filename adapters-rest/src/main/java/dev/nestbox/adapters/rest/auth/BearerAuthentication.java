package dev.nestbox.adapters.rest.auth;

import dev.nestbox.application.port.in.AuthenticateUseCase;
import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.auth.Authenticator;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;

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
                .buildAuthFilter()));
        context.register(new AuthValueFactoryProvider.Binder<>(AuthenticatedUser.class));
        return true;
    }

}
