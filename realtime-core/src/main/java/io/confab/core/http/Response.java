package io.confab.core.http;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What a handler answers: status, content type, body bytes and extra headers. */
public record Response(int status, String contentType, byte[] body, Map<String, String> headers) {

    public static Response json(int status, Object value) {
        try {
            return new Response(status, "application/json", Json.MAPPER.writeValueAsBytes(value), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getName(), e);
        }
    }

    public static Response ok(Object value) {
        return json(200, value);
    }

    public static Response created(Object value, String location) {
        Response json = json(201, value);
        return new Response(201, json.contentType, json.body, Map.of("Location", location));
    }

    public static Response noContent() {
        return new Response(204, "text/plain", new byte[0], Map.of());
    }

    public static Response text(int status, String text) {
        return new Response(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static Response error(ApiException e) {
        Response json = json(e.status(), new ErrorBody(e.code(), e.getMessage(), e.problems()));
        return e.headers().isEmpty() ? json : new Response(json.status, json.contentType, json.body, e.headers());
    }

    /** The body of every error answer. */
    public record ErrorBody(String error, String message, java.util.List<String> problems) {
    }
}
