package dev.nestbox.adapters.rest.dashboard;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Serves the dashboard's static export from the classpath at the panel origin's root. The API's literal paths
 * (those of the resources it is given) are more specific and always win; anything else unknown is a JSON 404.
 */
@Path("/")
public final class DashboardResource {
    private static final Pattern SAFE_PATH = Pattern.compile("^[A-Za-z0-9._~@\\-/\\[\\]]*$");
    /** No inline script runs but those the build hashed for the page ({@link ScriptHashes}). */
    private static final String CSP = "default-src 'self'; script-src %s; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("webmanifest", "application/manifest+json"));

    private final String root;
    private final ClassLoader loader;
    private final ScriptHashes scriptHashes;
    /** The API's own paths: a method they lack is a 405 there, never a dashboard page or a 404. */
    private final Map<String, List<String>> apiPaths;

    /** @param apiResources the API's resource classes, whose paths this catch-all must leave to them */
    public DashboardResource(String classpathRoot, List<Class<?>> apiResources) {
        this.apiPaths = ApiPaths.of(apiResources);
        this.root = classpathRoot.endsWith("/") ? classpathRoot : classpathRoot + "/";
        this.loader = DashboardResource.class.getClassLoader();
        this.scriptHashes = ScriptHashes.load(loader, root);
    }

    public boolean isPresent() {
        return loader.getResource(root + "index.html") != null;
    }

    @GET
    public Response index(@jakarta.ws.rs.core.Context HttpHeaders headers) {
        return serve("", headers);
    }

    @GET
    @Path("{path: .+}")
    public Response file(@PathParam("path") String path, @jakarta.ws.rs.core.Context HttpHeaders headers) {
        refuseApiPath(path);
        return serve(path, headers);
    }

    @POST
    @Path("{path: .+}")
    public Response post(@PathParam("path") String path) {
        return nothingHere(path);
    }

    @PUT
    @Path("{path: .*}")
    public Response put(@PathParam("path") String path) {
        return nothingHere(path);
    }

    @DELETE
    @Path("{path: .+}")
    public Response delete(@PathParam("path") String path) {
        return nothingHere(path);
    }

    @PATCH
    @Path("{path: .*}")
    public Response patch(@PathParam("path") String path) {
        return nothingHere(path);
    }

    private Response nothingHere(String path) {
        refuseApiPath(path);
        throw new NotFoundException();
    }

    private void refuseApiPath(String path) {
        List<String> allowed = apiPaths.get(path);
        if (allowed != null) {
            throw new NotAllowedException(allowed.get(0), allowed.subList(1, allowed.size()).toArray(String[]::new));
        }
    }

    private Response serve(String path, HttpHeaders headers) {
        if (!SAFE_PATH.matcher(path).matches() || path.contains("..") || path.contains("//")) {
            throw new NotFoundException();
        }
        String file = path.isEmpty() || path.endsWith("/") ? path + "index.html" : path;
        InputStream content = loader.getResourceAsStream(root + file);
        if (content == null && !path.isEmpty() && !path.endsWith("/")
                && loader.getResource(root + path + "/index.html") != null) {
            return Response.status(308).location(URI.create("/" + path + "/")).build();
        }
        if (content == null) {
            return notFound(headers);
        }
        return ok(file, content);
    }

    private Response notFound(HttpHeaders headers) {
        boolean browser = headers.getAcceptableMediaTypes().stream()
                .anyMatch(t -> "text".equals(t.getType()) && "html".equals(t.getSubtype()));
        InputStream page = browser ? loader.getResourceAsStream(root + "404.html") : null;
        if (page == null) {
            throw new NotFoundException();
        }
        return Response.status(404).type(TYPES.get("html")).header("Content-Security-Policy", csp("404.html"))
                .entity(read(page)).build();
    }

    private Response ok(String file, InputStream content) {
        String extension = file.substring(file.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        Response.ResponseBuilder builder = Response.ok(read(content))
                .type(TYPES.getOrDefault(extension, "application/octet-stream"));
        if (file.startsWith("_next/static/")) {
            builder.header(HttpHeaders.CACHE_CONTROL, "public, max-age=31536000, immutable");
        } else {
            builder.header(HttpHeaders.CACHE_CONTROL, "no-cache");
        }
        if ("html".equals(extension)) {
            builder.header("Content-Security-Policy", csp(file));
        }
        return builder.build();
    }

    private String csp(String page) {
        List<String> sources = new ArrayList<>(List.of("'self'"));
        sources.addAll(scriptHashes.sourcesFor(page));
        return String.format(CSP, String.join(" ", sources));
    }

    private static byte[] read(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
