package io.confab.orchestration.meetings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The meeting service's REST API as a test drives it: JSON in, status and JSON out. */
final class ApiClient {

    static final ObjectMapper JSON = new ObjectMapper();

    record Answer(int status, JsonNode body) {
        String error() {
            return body.path("error").asText();
        }

        String message() {
            return body.path("message").asText();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ApiClient(String base) {
        this.base = base;
    }

    Answer get(String path, String token) {
        return send("GET", path, null, token);
    }

    Answer post(String path, Object body, String token) {
        return send("POST", path, body, token);
    }

    Answer patch(String path, Object body, String token) {
        return send("PATCH", path, body, token);
    }

    Answer delete(String path, String token) {
        return send("DELETE", path, null, token);
    }

    Answer send(String method, String path, Object body, String token) {
        try {
            String json = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(30))
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                    .header("Content-Type", "application/json");
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode node = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            return new Answer(response.statusCode(), node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
