package io.confab.core.http;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * Which paths of the web origin belong to data-api, the post-meeting API (a Spring Boot process of
 * its own), and where it is. One origin for the web client: the recordings page and its API calls
 * share the signed-in session and need no CORS.
 *
 * @param target data-api's base URL ({@code http://host:port}), or null when none is configured:
 *               then those paths answer 503 saying so
 */
public record DataApiRoute(URI target) {

    private static final Pattern MEETING_RECORDINGS = Pattern.compile("/api/meetings/[^/]+/(recordings|quality|transcript)(/.*)?");

    public static DataApiRoute none() {
        return new DataApiRoute(null);
    }

    public DataApiRoute {
        if (target != null && (!"http".equals(target.getScheme()) || target.getHost() == null || target.getPort() < 0)) {
            throw new IllegalArgumentException("data-api URL must be http://host:port, got " + target);
        }
    }

    public boolean configured() {
        return target != null;
    }

    /**
     * True for data-api's paths: {@code /api/recordings[/...]}, {@code /api/meetings/{id}/recordings[/...]} and {@code .../quality}, {@code .../transcript}
     * (not the meeting service's {@code /recording/start}), the {@code /recordings} page and its
     * files, {@code /api/webhooks[/...]}, {@code /api/usage[/...]}, {@code /api/transcripts[/...]}, and {@code /api/data/...} (its OpenAPI document and later the rest of the data half).
     */
    public static boolean forwards(String path) {
        return under(path, "/api/recordings") || under(path, "/recordings") || path.startsWith("/api/data/")
                || under(path, "/api/webhooks")
                || under(path, "/api/usage")
                || under(path, "/api/transcripts")
                || MEETING_RECORDINGS.matcher(path).matches();
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}
