package io.confab.core.http;

import io.netty.handler.codec.http.HttpHeaders;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One HTTP request as the handlers see it: parsed once at the edge, never raw Netty objects. */
public record Request(String method, String path, Map<String, String> params, Map<String, List<String>> query,
                      HttpHeaders headers, byte[] body, InetSocketAddress remote) {

    public String param(String name) {
        String value = params.get(name);
        if (value == null) {
            throw new IllegalStateException("route has no parameter " + name);
        }
        return value;
    }

    public Optional<String> query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The token of an {@code Authorization: Bearer ...} header. */
    public Optional<String> bearerToken() {
        String header = headers.get("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(header.substring(7).trim());
    }

    public <T> T json(Class<T> type) throws ApiException {
        return Json.read(body, type);
    }

    /** Whether the request carries a body at all (some bodies are optional). */
    public boolean hasBody() {
        return body.length > 0;
    }

    public String remoteAddress() {
        return remote == null ? "" : remote.getAddress().getHostAddress();
    }
}
