package dev.nestbox.adapters.rest.filter;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

import java.util.Set;

/**
 * CORS closed by default: only origins on the allow-list get the headers. The dashboard is served from the
 * panel origin itself, so it needs none.
 */
public final class Cors implements ContainerResponseFilter {
    private final Set<String> allowedOrigins;

    public Cors(Set<String> allowedOrigins) {
        this.allowedOrigins = Set.copyOf(allowedOrigins);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String origin = request.getHeaderString("Origin");
        if (origin == null || !allowedOrigins.contains(origin)) {
            return;
        }
        var headers = response.getHeaders();
        headers.putSingle("Access-Control-Allow-Origin", origin);
        headers.add("Vary", "Origin");
        headers.putSingle("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
        headers.putSingle("Access-Control-Allow-Headers", "Authorization, Content-Type");
        headers.putSingle("Access-Control-Max-Age", "600");
    }
}
