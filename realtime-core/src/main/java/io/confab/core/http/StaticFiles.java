package io.confab.core.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The web client's files, served from the class path under {@code io/confab/core/web/}. */
final class StaticFiles {

    private static final String ROOT = "io/confab/core/web/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json");

    /** Only files that exist are cached: caching misses would let any request path grow the map. */
    private final Map<String, Response> cache = new ConcurrentHashMap<>();

    /** The file for a request path; {@code /} and client-side routes ({@code /join/...}) get index.html. */
    Optional<Response> find(String path) {
        String name = path.equals("/") || !path.contains(".") ? "index.html" : path.substring(1);
        if (name.contains("..")) {
            return Optional.empty();
        }
        Response cached = cache.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Response> loaded = load(name);
        loaded.ifPresent(file -> cache.put(name, file));
        return loaded;
    }

    private static Optional<Response> load(String name) {
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(ROOT + name)) {
            if (in == null) {
                return Optional.empty();
            }
            String extension = name.substring(name.lastIndexOf('.') + 1);
            return Optional.of(new Response(200, TYPES.getOrDefault(extension, "application/octet-stream"),
                    in.readAllBytes(), Map.of("Cache-Control", "no-cache")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
