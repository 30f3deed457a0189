package dev.nestbox.adapters.rest.auth;

import dev.nestbox.application.port.in.AuthenticateUseCase;
import dev.nestbox.application.port.in.ReadTokenUseCase;
import io.dropwizard.auth.Auth;
import io.dropwizard.auth.AuthFilter;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.auth.Authenticator;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Bearer tokens (Authorization header only) on every {@code @Auth} parameter. The user is looked up by the
 * authenticate use case, except on {@link UserCheckedByQuery} methods, whose own query refuses a deleted user.
 */
public final class BearerAuthentication implements Feature {
    private final AuthenticateUseCase authenticate;
    private final ReadTokenUseCase readToken;

    public BearerAuthentication(AuthenticateUseCase authenticate, ReadTokenUseCase readToken) {
        this.authenticate = authenticate;
        this.readToken = readToken;
    }

    @Override
    public boolean configure(FeatureContext context) {
        AuthFilter<String, AuthenticatedUser> lookingUp =
                filter(token -> authenticate.authenticate(token).map(AuthenticatedUser::new));
        AuthFilter<String, AuthenticatedUser> tokenOnly =
                filter(token -> readToken.read(token).map(AuthenticatedUser::new));
        context.register(new PerMethod(lookingUp, tokenOnly));
        context.register(new AuthValueFactoryProvider.Binder<>(AuthenticatedUser.class));
        return true;
    }

    private static AuthFilter<String, AuthenticatedUser> filter(Authenticator<String, AuthenticatedUser> check) {
        return new BearerHeaderFilter.Builder<AuthenticatedUser>()
                .setAuthenticator(check)
                .setPrefix("Bearer")
                .setRealm("nestbox")
                .buildAuthFilter();
    }

    /** Picks each {@code @Auth} method's filter once, when Jersey builds the resource model. */
    private record PerMethod(AuthFilter<String, AuthenticatedUser> lookingUp,
                             AuthFilter<String, AuthenticatedUser> tokenOnly) implements DynamicFeature {
        @Override
        public void configure(ResourceInfo resource, FeatureContext context) {
            Method method = resource.getResourceMethod();
            if (takesPrincipal(method)) {
                context.register(method.isAnnotationPresent(UserCheckedByQuery.class) ? tokenOnly : lookingUp);
            }
        }

        private static boolean takesPrincipal(Method method) {
            return Arrays.stream(method.getParameterAnnotations()).flatMap(Arrays::stream)
                    .map(Annotation::annotationType).anyMatch(Auth.class::equals);
        }
    }
}
