package io.confab.orchestration.meetings;

import com.fasterxml.jackson.databind.JsonNode;
import io.confab.orchestration.SharedPlatform;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Sign-ups, meetings and join tickets for tests, through the real REST API. */
final class MeetingFixtures {

    final ApiClient api;
    final String webUrl;
    final String kafka;
    /** For the SFU's statistics: {@code api.get("/api/sfu/stats", operatorKey)}. */
    final String operatorKey;

    MeetingFixtures(SharedPlatform.Running running) {
        this(running.platform().web().address(), running.platform().kafka().address(), running.operatorKey());
    }

    /** For a realtime-core other than the shared platform's, at {@code webUrl}, publishing to {@code kafka}. */
    MeetingFixtures(String webUrl, String kafka, String operatorKey) {
        this.operatorKey = operatorKey;
        this.webUrl = webUrl;
        this.api = new ApiClient(webUrl);
        this.kafka = kafka;
    }

    record Account(String token, String userId, String accountId, String personalMeetingId) {
    }

    Account signUp(String name) {
        String email = name.toLowerCase() + "-" + UUID.randomUUID() + "@example.com";
        ApiClient.Answer accepted = api.post("/api/auth/signup", Map.of(
                "email", email, "password", "a long passphrase", "displayName", name), null);
        assertEquals(202, accepted.status(), "sign-up: " + accepted);
        // Sign-up answers alike for free and taken emails; the session comes from signing in.
        ApiClient.Answer answer = api.post("/api/auth/signin", Map.of("email", email, "password", "a long passphrase"), null);
        assertEquals(200, answer.status(), "sign-in after sign-up: " + answer);
        JsonNode user = answer.body().path("user");
        return new Account(answer.body().path("token").asText(), user.path("id").asText(),
                user.path("accountId").asText(), user.path("personalMeetingId").asText());
    }

    /** An instant meeting with the given settings and passcode (null for none). */
    String instantMeeting(Account host, String passcode, Map<String, Object> settings) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("topic", "Test meeting", "type", "INSTANT", "settings", settings));
        if (passcode != null) {
            body.put("passcode", passcode);
        }
        ApiClient.Answer answer = api.post("/api/meetings", body, host.token());
        assertEquals(201, answer.status(), "create meeting: " + answer);
        return answer.body().path("id").asText();
    }

    static Map<String, Object> open() {
        return Map.of("waitingRoom", false, "joinBeforeHost", true);
    }

    /** A join ticket: the token to send in join_meeting. */
    String ticket(String meetingId, String displayName, String passcode, String bearer) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("displayName", displayName));
        if (passcode != null) {
            body.put("passcode", passcode);
        }
        ApiClient.Answer answer = api.post("/api/meetings/" + meetingId + "/join", body, bearer);
        assertEquals(200, answer.status(), "join ticket: " + answer);
        return answer.body().path("token").asText();
    }

    /** Connects and joins; returns the client after its {@code joined} (or {@code waiting}) frame. */
    SignalingClient join(String meetingId, String displayName, String token, String passcode, String expect) {
        SignalingClient client = SignalingClient.connect(webUrl);
        var join = client.message("join_meeting").put("meetingId", meetingId).put("displayName", displayName)
                .put("token", token).put("id", "join-1");
        if (passcode != null) {
            join.put("passcode", passcode);
        }
        client.send(join);
        JsonNode reply = client.await(expect);
        if (expect.equals("joined")) {
            client.participantId = reply.path("you").path("participantId").asText();
        }
        return client;
    }
}
