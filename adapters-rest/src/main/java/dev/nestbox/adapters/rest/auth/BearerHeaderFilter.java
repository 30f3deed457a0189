package dev.nestbox.adapters.rest.auth;

import dev.nestbox.adapters.rest.error.ApiError;
import dev.nestbox.adapters.rest.error.ApiException;
import io.dropwizard.auth.AuthFilter;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;

import java.security.Principal;

/**
 * Reads the bearer token from the Authorization header only. Dropwizard's OAuthCredentialAuthFilter also takes
 * an {@code ?access_token=} query parameter, which would put tokens in access logs, proxies' logs and browser
 * history; here such a request is simply unauthenticated. A refusal is an {@link ApiException}, answered by the
 * {@code ErrorMapper} like every other error.
 */
@Priority(Priorities.AUTHENTICATION)
final class BearerHeaderFilter<P extends Principal> extends AuthFilter<String, P> {
    private BearerHeaderFilter() {
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!authenticate(request, token(request.getHeaderString(HttpHeaders.AUTHORIZATION)),
                SecurityContext.BASIC_AUTH)) {
            throw new ApiException(ApiError.UNAUTHORIZED, ApiError.UNAUTHORIZED.defaultMessage());
        }
    }

    private String token(String header) {
        if (header == null) {
            return null;
        }
        int space = header.indexOf(' ');
        if (space <= 0 || !prefix.equalsIgnoreCase(header.substring(0, space))) {
            return null;
        }
        return header.substring(space + 1).strip();
    }

    static final class Builder<P extends Principal> extends AuthFilterBuilder<String, P, BearerHeaderFilter<P>> {
        @Override
        protected BearerHeaderFilter<P> newInstance() {
            return new BearerHeaderFilter<>();
        }
    }
}
