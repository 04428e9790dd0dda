package io.confab.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.core.meetingservice.AuthRoutes;
import io.confab.core.meetingservice.MeetingRoutes;
import io.confab.core.http.Router;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The meeting service's OpenAPI document is written by hand; this keeps it honest. The router is
 * assembled the way {@link RealtimeCore} assembles it (the handlers' collaborators are not needed
 * to register them, so they are absent here), and its routes must be exactly the documented ones.
 */
class ApiDocumentTest {

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedRouteExists() throws Exception {
        Router router = RealtimeCore.operationalRoutes(new Router(), null, null);
        new AuthRoutes(null, null, null, null, null, null, null, null, null, null, null).register(router);
        new MeetingRoutes(null, null, null, null, null, null, null, null, null, null, null, null).register(router);
        Set<String> served = new TreeSet<>(router.routes());

        Set<String> documented = documentedRoutes();

        Set<String> undocumented = new TreeSet<>(served);
        undocumented.removeAll(documented);
        Set<String> missing = new TreeSet<>(documented);
        missing.removeAll(served);
        assertTrue(undocumented.isEmpty(), "routes the server answers but openapi.json lacks: " + undocumented);
        assertTrue(missing.isEmpty(), "routes openapi.json documents but the server does not answer: " + missing);
        assertEquals(documented, served);
    }

    @Test
    void theComparisonSeesAMissingRoute() throws Exception {
        // The check above is only worth something if a route the document lacks would show up.
        Router router = RealtimeCore.operationalRoutes(new Router(), null, null).get("/api/not-documented", request -> null);
        assertTrue(router.routes().contains("GET /api/not-documented"));
        assertTrue(!documentedRoutes().contains("GET /api/not-documented"));
    }

    private static Set<String> documentedRoutes() throws Exception {
        JsonNode document;
        try (InputStream in = RealtimeCore.class.getResourceAsStream("/io/confab/core/api/openapi.json")) {
            document = new ObjectMapper().readTree(in);
        }
        Set<String> documented = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next();
                if (HTTP_METHODS.contains(method)) {
                    documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            }
        }
        return documented;
    }
}
