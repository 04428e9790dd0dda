package io.confab.core.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maps {@code METHOD /path/{param}} patterns to handlers. A path that matches with another method is
 * a 405 naming the allowed ones, not a 404.
 */
public final class Router {

    private record Route(String method, String pattern, String[] segments, Handler handler) {
    }

    /** A matched route and its path parameters. */
    public record Match(Handler handler, Map<String, String> params) {
    }

    private final List<Route> routes = new ArrayList<>();

    public Router route(String method, String pattern, Handler handler) {
        routes.add(new Route(method, pattern, split(pattern), handler));
        return this;
    }

    public Router get(String pattern, Handler handler) {
        return route("GET", pattern, handler);
    }

    public Router post(String pattern, Handler handler) {
        return route("POST", pattern, handler);
    }

    public Router put(String pattern, Handler handler) {
        return route("PUT", pattern, handler);
    }

    public Router patch(String pattern, Handler handler) {
        return route("PATCH", pattern, handler);
    }

    public Router delete(String pattern, Handler handler) {
        return route("DELETE", pattern, handler);
    }

    /** Every route as {@code "METHOD /pattern"}, in registration order: what the API document must list. */
    public List<String> routes() {
        return routes.stream().map(route -> route.method + " " + route.pattern).toList();
    }

    /** The handler for {@code method path}, or an {@link ApiException} 404/405. */
    public Match resolve(String method, String path) throws ApiException {
        String[] segments = split(path);
        Set<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            Optional<Map<String, String>> params = match(route.segments, segments);
            if (params.isPresent()) {
                if (route.method.equals(method)) {
                    return new Match(route.handler, params.get());
                }
                allowed.add(route.method);
            }
        }
        if (!allowed.isEmpty()) {
            throw new ApiException(405, "METHOD_NOT_ALLOWED", method + " is not allowed on " + path + "; allowed: " + allowed);
        }
        throw ApiException.notFound("no such resource: " + path);
    }

    public boolean handles(String path) {
        String[] segments = split(path);
        return routes.stream().anyMatch(r -> match(r.segments, segments).isPresent());
    }

    private static Optional<Map<String, String>> match(String[] pattern, String[] path) {
        if (pattern.length != path.length) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("}")) {
                params.put(p.substring(1, p.length() - 1), path[i]);
            } else if (!p.equals(path[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }

    private static String[] split(String path) {
        String trimmed = path.replaceAll("^/+|/+$", "");
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/+");
    }
}
