package dev.nestbox.adapters.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.UriInfo;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.glassfish.jersey.uri.UriTemplate;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Tells {@link ApiTelemetry} about every answer, including refusals of filters and errors mapped to the envelope:
 * the route by its template, so {@code /host} and the dashboard's catch-all stay a handful of series whatever paths
 * clients send. A route is joined once per matched resource method (a handful), not on every request.
 */
final class RequestMetrics implements ContainerResponseFilter {
    static final String UNMATCHED = "unmatched";
    private static final String LOGIN = "/login";
    private static final Pattern REPEATED_SLASHES = Pattern.compile("/{2,}");

    private final ApiTelemetry telemetry;
    /** Each resource method's route; the methods are the application's own, so this stays small. */
    private final Map<ResourceMethod, String> routes = new ConcurrentHashMap<>();

    RequestMetrics(ApiTelemetry telemetry) {
        this.telemetry = telemetry;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String route = cachedRoute(request.getUriInfo());
        int status = response.getStatus();
        telemetry.answered(request.getMethod(), route, status);
        if (status == 429) {
            telemetry.rateLimited(route);
        }
        if (LOGIN.equals(route) && "POST".equals(request.getMethod())) {
            telemetry.loggedIn(loginOutcome(status));
        }
    }

    /**
     * As {@link #route}, remembered by the matched resource method: without sub-resource locators (there are none
     * here) a method is reached through the same templates every time.
     */
    private String cachedRoute(UriInfo uriInfo) {
        if (uriInfo instanceof ExtendedUriInfo extended) {
            ResourceMethod method = extended.getMatchedResourceMethod();
            if (method != null && extended.getMatchedResourceLocators().isEmpty()) {
                return routes.computeIfAbsent(method, m -> route(uriInfo));
            }
        }
        return route(uriInfo);
    }

    /** The matched templates joined from the resource class down, e.g. {@code /host}; "unmatched" when none. */
    static String route(UriInfo uriInfo) {
        if (!(uriInfo instanceof ExtendedUriInfo extended)) {
            return UNMATCHED;
        }
        List<UriTemplate> templates = extended.getMatchedTemplates();
        if (templates.isEmpty()) {
            return UNMATCHED;
        }
        StringBuilder route = new StringBuilder();
        for (int i = templates.size() - 1; i >= 0; i--) {
            String part = templates.get(i).getTemplate();
            if (!part.startsWith("/") && (route.length() == 0 || route.charAt(route.length() - 1) != '/')) {
                route.append('/');
            }
            route.append(part);
        }
        String joined = REPEATED_SLASHES.matcher(route).replaceAll("/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    static String loginOutcome(int status) {
        return switch (status) {
            case 200 -> "ok";
            case 401 -> "bad_credentials";
            case 429 -> "rate_limited";
            case 503 -> "busy";
            case 400, 413, 415, 422 -> "invalid";
            default -> "error";
        };
    }
}
