package io.confab.orchestration.meetings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * The meeting service's REST API as the demo and the benchmarks drive it to set a meeting up: JSON
 * in, JSON out, and any answer but 2xx an {@link IOException} naming the call and what the server
 * said, since none of them can go on without the account, meeting or ticket it asked for.
 */
public final class MeetingServiceClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Generous: a join waits for Argon2, and the machine may be busy with the whole platform. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final String web;

    /** @param web the web origin, {@code http://host:port} */
    public MeetingServiceClient(HttpClient http, String web) {
        this.http = http;
        this.web = web;
    }

    /** POSTs {@code body} as JSON, with {@code bearer} when not null; an empty answer is an empty object. */
    public JsonNode post(String path, Object body, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(web + path))
                .timeout(ANSWER_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    /**
     * Signs up an account of its own for this run ({@code emailPrefix-<uuid>@example.com}) and signs
     * in; returns the access token. Sign-up answers alike for a free and a taken email, so only the
     * sign-in tells that it worked.
     */
    public String newAccount(String emailPrefix, String password, String displayName) throws IOException, InterruptedException {
        return signUp(newEmail(emailPrefix), password, displayName);
    }

    /** An address no account has yet: {@code prefix-<uuid>@example.com}. */
    public static String newEmail(String prefix) {
        return prefix + "-" + UUID.randomUUID() + "@example.com";
    }

    /** Signs up {@code email} and signs in with it; returns the access token (see {@link #newAccount}). */
    public String signUp(String email, String password, String displayName) throws IOException, InterruptedException {
        post("/api/auth/signup", Map.of("email", email, "password", password, "displayName", displayName), null);
        return post("/api/auth/signin", Map.of("email", email, "password", password), null).path("token").asText();
    }
}
