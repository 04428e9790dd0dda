package io.confab.core.http;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * Headers every answer of realtime-core's web server carries, so a browser runs only the web
 * client's own code, never shows it inside another site's frame, and (with TLS) never falls back to
 * plain HTTP. The web client loads only same-origin ES modules and a stylesheet, with no inline
 * script or style attribute, which is what lets the policy be this strict.
 */
final class SecurityHeaders {

    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "media-src 'self' blob:",
            // Same-origin fetches and the signaling WebSocket (CSP 3: 'self' covers ws/wss to this host).
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    private SecurityHeaders() {
    }

    /**
     * For data-api's answers on this origin: its pages keep their own Content-Security-Policy (the
     * recordings page has an inline stylesheet), but nothing it serves may be framed by another site,
     * sniffed, or fetched over plain HTTP once TLS is on. Headers data-api set are left as they are.
     */
    static void addMissingTo(HttpHeaders headers, boolean tls) {
        if (!headers.contains("Content-Security-Policy")) {
            headers.set("Content-Security-Policy", "frame-ancestors 'none'; object-src 'none'; base-uri 'none'");
        }
        for (String[] header : new String[][] {{"X-Content-Type-Options", "nosniff"}, {"X-Frame-Options", "DENY"},
                {"Referrer-Policy", "same-origin"}}) {
            if (!headers.contains(header[0])) {
                headers.set(header[0], header[1]);
            }
        }
        if (tls && !headers.contains("Strict-Transport-Security")) {
            headers.set("Strict-Transport-Security", "max-age=31536000");
        }
    }

    static void addTo(HttpHeaders headers, boolean tls) {
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Frame-Options", "DENY");
        // Meeting ids and join links are in URLs: do not hand them to other sites.
        headers.set("Referrer-Policy", "same-origin");
        if (tls) {
            headers.set("Strict-Transport-Security", "max-age=31536000");
        }
    }
}
