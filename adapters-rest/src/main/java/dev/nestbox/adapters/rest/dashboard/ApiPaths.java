package dev.nestbox.adapters.rest.dashboard;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The API's own paths and the methods each answers, read from the resources' {@code @Path} and method
 * annotations, so that the dashboard's catch-all cannot drift from the resources it must not shadow.
 */
final class ApiPaths {
    private ApiPaths() {
    }

    /** Path without its slashes ({@code "host"}) to its methods in alphabetical order. */
    static Map<String, List<String>> of(List<Class<?>> resources) {
        Map<String, TreeSet<String>> methods = new TreeMap<>();
        for (Class<?> resource : resources) {
            String base = pathOf(resource.getAnnotation(Path.class), resource);
            for (Method method : resource.getMethods()) {
                List<String> verbs = Stream.of(method.getAnnotations())
                        .map(ApiPaths::httpMethod).flatMap(List::stream).toList();
                if (verbs.isEmpty()) {
                    continue;
                }
                String path = join(base, method.isAnnotationPresent(Path.class)
                        ? trim(method.getAnnotation(Path.class).value()) : "");
                if (path.contains("{")) {
                    throw new IllegalArgumentException("API path templates are not supported here: " + path);
                }
                methods.computeIfAbsent(path, p -> new TreeSet<>()).addAll(verbs);
            }
        }
        return methods.entrySet().stream().collect(Collectors.toUnmodifiableMap(
                Map.Entry::getKey, e -> List.copyOf(e.getValue())));
    }

    private static List<String> httpMethod(Annotation annotation) {
        HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
        return verb == null ? List.of() : List.of(verb.value());
    }

    private static String pathOf(Path path, Class<?> resource) {
        if (path == null) {
            throw new IllegalArgumentException(resource.getName() + " is not a root resource: it has no @Path");
        }
        return trim(path.value());
    }

    private static String join(String base, String sub) {
        List<String> parts = new ArrayList<>();
        if (!base.isEmpty()) {
            parts.add(base);
        }
        if (!sub.isEmpty()) {
            parts.add(sub);
        }
        return String.join("/", parts);
    }

    private static String trim(String path) {
        String trimmed = path;
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
