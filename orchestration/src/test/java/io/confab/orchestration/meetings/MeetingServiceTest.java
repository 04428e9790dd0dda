package io.confab.orchestration.meetings;

import com.fasterxml.jackson.databind.JsonNode;
import io.confab.orchestration.SharedPlatform;
import io.confab.storage.codec.Codecs;
import io.confab.storage.events.AuditEntry;
import io.confab.storage.events.AuditOutcome;
import io.confab.storage.events.MeetingCreated;
import io.confab.storage.events.MeetingDeleted;
import io.confab.storage.events.MeetingUpdated;
import io.confab.storage.events.MeetingEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every REST endpoint of the meeting service against the running platform (PostgreSQL, Kafka). */
@ExtendWith(SharedPlatform.class)
class MeetingServiceTest {

    /** The one answer to a join that may not go on (no such meeting, passcode missing or wrong). */
    private static final String NOT_ADMITTED = "no meeting with this ID and passcode; check both in your invitation";

    private MeetingFixtures fixtures;
    private ApiClient api;
    private SharedPlatform.Running running;

    private String turnSecret() {
        return io.confab.orchestration.platform.TurnSecret.read(running.platform().config().dataDir(), null);
    }

    @BeforeEach
    void connect(SharedPlatform.Running running) {
        this.running = running;
        fixtures = new MeetingFixtures(running);
        api = fixtures.api;
    }

    /**
     * Sign-up does not tell which emails exist: a taken email gets the very answer a free one gets,
     * and only signing in with the account's own password opens it.
     */
    @Test
    void signUpAnswersAlikeForAFreeAndATakenEmailThenSignInAndMe() {
        String email = "grace-" + System.nanoTime() + "@Example.com";
        ApiClient.Answer signUp = api.post("/api/auth/signup",
                Map.of("email", email, "password", "a long passphrase", "displayName", "Grace"), null);
        assertEquals(202, signUp.status(), signUp.toString());

        ApiClient.Answer again = api.post("/api/auth/signup",
                Map.of("email", email, "password", "another passphrase", "displayName", "Mallory"), null);
        assertEquals(202, again.status(), again.toString());
        assertEquals(signUp.body(), again.body(), "a taken email must get the answer a free one gets");
        assertFalse(again.body().has("token") || again.body().has("user"), "sign-up hands out no session: " + again);

        assertEquals(401, api.post("/api/auth/signin", Map.of("email", email, "password", "another passphrase"), null).status(),
                "the second sign-up changed nothing");
        ApiClient.Answer signIn = api.post("/api/auth/signin", Map.of("email", email, "password", "a long passphrase"), null);
        assertEquals(200, signIn.status(), signIn.toString());
        assertEquals(email.toLowerCase(), signIn.body().path("user").path("email").asText());
        assertEquals("ACCOUNT_OWNER", signIn.body().path("user").path("role").asText());
        assertEquals(10, signIn.body().path("user").path("personalMeetingId").asText().length());
        ApiClient.Answer me = api.get("/api/me", signIn.body().path("token").asText());
        assertEquals(200, me.status(), me.toString());
        assertEquals("Grace", me.body().path("displayName").asText());
    }

    /** Signing out revokes the token at once, for REST and signaling alike; signing in again gives a new one. */
    @Test
    void signingOutRevokesTheToken() {
        MeetingFixtures.Account account = fixtures.signUp("Otto");
        assertEquals(200, api.get("/api/me", account.token()).status());
        assertEquals(204, api.post("/api/auth/signout", null, account.token()).status());

        ApiClient.Answer me = api.get("/api/me", account.token());
        assertEquals(401, me.status(), me.toString());
        assertTrue(me.message().contains("revoked"), me.message());
        assertEquals(401, api.post("/api/meetings", Map.of("topic", "After sign-out", "type", "INSTANT"), account.token()).status());
        ApiClient.Answer recordings = api.get("/api/recordings", account.token());
        assertEquals(401, recordings.status(), "data-api's paths too: " + recordings);
        assertTrue(recordings.message().contains("revoked"), recordings.message());
        try (SignalingClient client = SignalingClient.connect(fixtures.webUrl)) {
            client.send(client.message("join_meeting").put("meetingId", account.personalMeetingId()).put("displayName", "Otto")
                    .put("token", account.token()).put("id", "join-1"));
            assertEquals("UNAUTHENTICATED", client.await("error").path("code").asText());
        }
        String email = "otto-" + java.util.UUID.randomUUID() + "@example.com";
        assertEquals(202, api.post("/api/auth/signup", Map.of("email", email, "password", "a long passphrase",
                "displayName", "Otto"), null).status());
        ApiClient.Answer again = api.post("/api/auth/signin", Map.of("email", email, "password", "a long passphrase"), null);
        assertEquals(200, api.get("/api/me", again.body().path("token").asText()).status(), "a new sign-in works");
    }

    @Test
    void badSignUpNamesEveryField() {
        ApiClient.Answer answer = api.post("/api/auth/signup", Map.of("email", "not-an-email", "password", "short",
                "displayName", " "), null);
        assertEquals(400, answer.status(), answer.toString());
        String problems = answer.body().path("problems").toString();
        assertTrue(problems.contains("email:"), problems);
        assertTrue(problems.contains("password:"), problems);
        assertTrue(problems.contains("displayName:"), problems);
    }

    @Test
    void wrongPasswordIsRefusedAndAudited(SharedPlatform.Running running) {
        MeetingFixtures.Account account = fixtures.signUp("Heidi");
        ApiClient.Answer me = api.get("/api/me", account.token());
        String email = me.body().path("email").asText();
        ApiClient.Answer wrong = api.post("/api/auth/signin", Map.of("email", email, "password", "wrong password!"), null);
        assertEquals(401, wrong.status(), wrong.toString());
        assertEquals("wrong email or password", wrong.message());
        ApiClient.Answer unknown = api.post("/api/auth/signin", Map.of("email", "nobody@example.com", "password", "x"), null);
        assertEquals(401, unknown.status());
        assertEquals(wrong.message(), unknown.message(), "an unknown email gets the same answer");

        List<AuditEntry> audit = MeetingEventLog.audit(fixtures.kafka,
                e -> e.getAction().equals("auth.sign_in") && account.userId().equals(e.getActor()), 1);
        assertEquals(AuditOutcome.FAILED, audit.get(0).getOutcome());
    }

    @Test
    void forgedOrMissingTokenIsA401ThatSaysWhy() {
        assertEquals(401, api.get("/api/meetings", null).status());
        MeetingFixtures.Account account = fixtures.signUp("Ivan");
        String token = account.token();
        String forged = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        ApiClient.Answer answer = api.get("/api/meetings", forged);
        assertEquals(401, answer.status(), answer.toString());
        assertFalse(answer.message().isBlank());
    }

    @Test
    void meetingLifecycleOverRest() {
        MeetingFixtures.Account host = fixtures.signUp("Judy");
        ApiClient.Answer created = api.post("/api/meetings", Map.of("topic", "Planning", "type", "SCHEDULED",
                "startTime", "2027-01-15T10:00", "durationMinutes", 45, "timeZone", "Europe/Berlin", "passcode", "s3cret"),
                host.token());
        assertEquals(201, created.status(), created.toString());
        String id = created.body().path("id").asText();
        assertTrue(id.matches("\\d{11}"), id);
        assertEquals("2027-01-15T09:00:00Z", created.body().path("startTime").asText());
        assertTrue(created.body().path("hasPasscode").asBoolean());
        assertFalse(created.body().toString().contains("s3cret"), "the passcode is never shown back");

        ApiClient.Answer list = api.get("/api/meetings", host.token());
        List<String> ids = new ArrayList<>();
        list.body().path("meetings").forEach(m -> ids.add(m.path("id").asText()));
        assertTrue(ids.contains(id), ids.toString());

        ApiClient.Answer patched = api.patch("/api/meetings/" + id, Map.of("topic", "Planning (moved)", "durationMinutes", 60),
                host.token());
        assertEquals(200, patched.status(), patched.toString());
        assertEquals("Planning (moved)", api.get("/api/meetings/" + id, host.token()).body().path("topic").asText());
        assertEquals(60, patched.body().path("durationMinutes").asInt());

        MeetingFixtures.Account stranger = fixtures.signUp("Mallory");
        // Another account's meeting answers as one that does not exist: a token does not reveal ids.
        String unused = io.confab.core.meetings.MeetingId.generate(new java.security.SecureRandom()).digits();
        ApiClient.Answer none = api.get("/api/meetings/" + unused, stranger.token());
        assertEquals(404, none.status(), none.toString());
        for (ApiClient.Answer answer : List.of(api.get("/api/meetings/" + id, stranger.token()),
                api.get("/api/meetings/" + id + "/occurrences", stranger.token()),
                api.patch("/api/meetings/" + id, Map.of("topic", "mine"), stranger.token()),
                api.delete("/api/meetings/" + id, stranger.token()))) {
            assertEquals(404, answer.status(), answer.toString());
            assertEquals(none.body(), answer.body(), "as for a meeting that does not exist");
        }

        assertEquals(409, api.post("/api/meetings/" + id + "/end", null, host.token()).status(),
                "ending a meeting that is not running");
        assertEquals(204, api.delete("/api/meetings/" + id, host.token()).status());
        assertEquals(404, api.get("/api/meetings/" + id, host.token()).status());

        // The warehouse learns of the edit and the deletion from meeting.events alone, in order.
        List<MeetingEvent> events = MeetingEventLog.events(fixtures.kafka, id,
                seen -> seen.stream().anyMatch(e -> e.getPayload() instanceof MeetingDeleted));
        assertEquals(List.of("MeetingCreated", "MeetingUpdated", "MeetingDeleted"),
                events.stream().map(e -> e.getPayload().getClass().getSimpleName()).toList(), events.toString());
        MeetingUpdated update = (MeetingUpdated) events.get(1).getPayload();
        assertEquals("Planning (moved)", update.getTopic());
        assertEquals(60, update.getDurationMinutes());
        assertEquals("Europe/Berlin", update.getTimeZone());
        assertEquals(host.userId(), events.get(2).getActorUserId());
        assertEquals(Codecs.MEETING_EVENTS.archive().newest().orElseThrow().number(), events.get(2).getSchemaVersion(),
                "events are written with the newest archived schema");
    }

    @Test
    void meetingCreatedEventIsPublished() {
        MeetingFixtures.Account host = fixtures.signUp("Kim");
        String id = fixtures.instantMeeting(host, null, MeetingFixtures.open());
        List<MeetingEvent> events = MeetingEventLog.events(fixtures.kafka, id, list -> !list.isEmpty());
        assertEquals(1, events.size(), events.toString());
        MeetingEvent event = events.get(0);
        assertTrue(event.getPayload() instanceof MeetingCreated, event.toString());
        assertEquals(host.accountId(), event.getAccountId());
        assertEquals(host.userId(), ((MeetingCreated) event.getPayload()).getHostUserId());
    }

    @Test
    void weeklyOccurrencesKeepLocalTimeAcrossTheDstChange() {
        MeetingFixtures.Account host = fixtures.signUp("Liam");
        ApiClient.Answer created = api.post("/api/meetings", Map.of("topic", "Standup", "type", "RECURRING",
                "startTime", "2027-03-08T09:00", "durationMinutes", 15, "timeZone", "America/New_York",
                "recurrence", Map.of("frequency", "WEEKLY", "interval", 1, "daysOfWeek", List.of("MONDAY"), "count", 3)),
                host.token());
        assertEquals(201, created.status(), created.toString());
        ApiClient.Answer occurrences = api.get("/api/meetings/" + created.body().path("id").asText() + "/occurrences",
                host.token());
        List<String> starts = new ArrayList<>();
        occurrences.body().path("occurrences").forEach(o -> starts.add(o.path("start").asText()));
        // 2027-03-14 is the US spring-forward: 09:00 EST is 14:00Z before it, 09:00 EDT is 13:00Z after.
        assertEquals(List.of("2027-03-08T14:00:00Z", "2027-03-15T13:00:00Z", "2027-03-22T13:00:00Z"), starts);
    }

    @Test
    void invalidMeetingRequestListsEveryProblem() {
        MeetingFixtures.Account host = fixtures.signUp("Mia");
        ApiClient.Answer answer = api.post("/api/meetings", Map.of("topic", "", "type", "SCHEDULED", "durationMinutes", 0),
                host.token());
        assertEquals(400, answer.status(), answer.toString());
        String problems = answer.body().path("problems").toString();
        for (String field : List.of("topic:", "startTime:", "durationMinutes:", "timeZone:")) {
            assertTrue(problems.contains(field), field + " in " + problems);
        }
        ApiClient.Answer typo = api.post("/api/meetings", "{\"topik\":\"x\"}", host.token());
        assertEquals(400, typo.status());
        assertTrue(typo.message().contains("topik"), typo.message());
    }

    @Test
    void mistypedMeetingIdIsNoSuchMeetingWithoutALookup() {
        MeetingFixtures.Account host = fixtures.signUp("Noah");
        String id = fixtures.instantMeeting(host, null, MeetingFixtures.open());
        char last = id.charAt(id.length() - 1);
        String mistyped = id.substring(0, id.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
        ApiClient.Answer answer = api.post("/api/meetings/" + mistyped + "/join", Map.of("displayName", "Guest"), null);
        assertEquals(404, answer.status(), answer.toString());
        assertEquals(NOT_ADMITTED, answer.message());
        String swapped = id.substring(0, 3) + id.charAt(4) + id.charAt(3) + id.substring(5);
        if (!swapped.equals(id)) {
            assertEquals(404, api.post("/api/meetings/" + swapped + "/join", Map.of("displayName", "Guest"), null).status());
        }
        assertEquals(200, api.post("/api/meetings/" + id.substring(0, 3) + "-" + id.substring(3, 7) + "-" + id.substring(7)
                + "/join", Map.of("displayName", "Guest"), null).status(), "dashes are accepted");
    }

    /**
     * Anonymous callers cannot tell a meeting that does not exist from one whose passcode they lack:
     * same status, same body, whether the passcode is missing or wrong, the meeting live, scheduled
     * or over.
     */
    @Test
    void joinAnswersAlikeForNoSuchMeetingAndAMissingOrWrongPasscode() {
        MeetingFixtures.Account host = fixtures.signUp("Quinn");
        String guarded = fixtures.instantMeeting(host, "s3cret", MeetingFixtures.open());
        String ended = fixtures.instantMeeting(host, "s3cret", MeetingFixtures.open());
        try (SignalingClient hostClient = fixtures.join(ended, "Quinn", host.token(), null, "joined")) {
            assertEquals(200, api.post("/api/meetings/" + ended + "/end", null, host.token()).status());
            hostClient.awaitClose();
        }
        // Random and well formed: it names no meeting (11 random digits: a clash is out of reach).
        String unused = io.confab.core.meetings.MeetingId.generate(new java.security.SecureRandom()).digits();
        List<ApiClient.Answer> answers = new java.util.ArrayList<>();
        for (String id : List.of(guarded, ended, unused)) {
            answers.add(api.post("/api/meetings/" + id + "/join", Map.of("displayName", "Mallory"), null));
            answers.add(api.post("/api/meetings/" + id + "/join", Map.of("displayName", "Mallory", "passcode", "guess"), null));
        }
        for (ApiClient.Answer answer : answers) {
            assertEquals(404, answer.status(), answer.toString());
            assertEquals(answers.get(answers.size() - 1).body(), answer.body(), "one answer for all: " + answers);
        }
    }

    @Test
    void guestJoinNeedsTheRightPasscode() {
        MeetingFixtures.Account host = fixtures.signUp("Olivia");
        String id = fixtures.instantMeeting(host, "pass42", MeetingFixtures.open());
        ApiClient.Answer none = api.post("/api/meetings/" + id + "/join", Map.of("displayName", "Guest"), null);
        assertEquals(404, none.status());
        assertEquals(NOT_ADMITTED, none.message());
        ApiClient.Answer wrong = api.post("/api/meetings/" + id + "/join", Map.of("displayName", "Guest", "passcode", "nope"), null);
        assertEquals(404, wrong.status());
        assertEquals(NOT_ADMITTED, wrong.message());
        ApiClient.Answer right = api.post("/api/meetings/" + id + "/join", Map.of("displayName", "Guest", "passcode", "pass42"), null);
        assertEquals(200, right.status(), right.toString());
        assertEquals("GUEST", right.body().path("role").asText());
        assertNotEquals("", right.body().path("token").asText());
        JsonNode turn = right.body().path("iceServers").get(1);
        assertTrue(turn.path("urls").toString().contains("?transport=tcp"), right.body().toString());
        assertTrue(turn.path("urls").toString().contains("turns:"), "TURN over TLS is offered: " + right.body());
        assertTrue(turn.path("username").asText().matches("\\d+:guest-.+"), "a TURN REST username: " + turn);
        assertEquals(io.confab.core.turn.EphemeralCredential.passwordFor(turnSecret(), turn.path("username").asText()),
                turn.path("credential").asText(), "the credential is the HMAC the TURN server checks");
        ApiClient.Answer hostTicket = api.post("/api/meetings/" + id + "/join", Map.of("displayName", "Olivia"), host.token());
        assertEquals("HOST", hostTicket.body().path("role").asText(), "the host needs no passcode");
    }

    @Test
    void recordingAndEndOverRestActOnTheLiveMeeting() {
        MeetingFixtures.Account host = fixtures.signUp("Pat");
        String id = fixtures.instantMeeting(host, null, MeetingFixtures.open());
        assertEquals(409, api.post("/api/meetings/" + id + "/recording/start", null, host.token()).status(),
                "no recording before the meeting runs");
        try (SignalingClient hostClient = fixtures.join(id, "Pat", host.token(), null, "joined")) {
            ApiClient.Answer started = api.post("/api/meetings/" + id + "/recording/start", null, host.token());
            assertEquals(200, started.status(), started.toString());
            String recordingId = started.body().path("recordingId").asText();
            JsonNode notice = hostClient.await("recording_started");
            assertEquals(recordingId, notice.path("recordingId").asText());
            assertEquals(recordingId, api.get("/api/meetings/" + id, host.token()).body().path("recordingId").asText());
            assertEquals(200, api.post("/api/meetings/" + id + "/recording/stop", null, host.token()).status());
            hostClient.await("recording_stopped");

            assertEquals(200, api.post("/api/meetings/" + id + "/end", null, host.token()).status());
            assertEquals("ended_by_host", hostClient.await("meeting_ended").path("reason").asText());
            hostClient.awaitClose();
        }
        assertEquals("ENDED", api.get("/api/meetings/" + id, host.token()).body().path("status").asText());
        assertEquals(409, api.post("/api/meetings/" + id + "/join", Map.of("displayName", "Late"), null).status(),
                "an ended meeting cannot be joined");
    }

    @Test
    void theOwnerAddsHostsAndParticipantsWhoseRolesAreEnforced() {
        MeetingFixtures.Account owner = fixtures.signUp("Olga");
        String hostEmail = "host-" + System.nanoTime() + "@example.com";
        String participantEmail = "participant-" + System.nanoTime() + "@example.com";
        ApiClient.Answer host = api.post("/api/account/users", Map.of("email", hostEmail, "password", "host passphrase",
                "displayName", "Hal", "role", "HOST"), owner.token());
        assertEquals(201, host.status(), host.toString());
        assertEquals(owner.accountId(), host.body().path("accountId").asText());
        ApiClient.Answer participant = api.post("/api/account/users", Map.of("email", participantEmail,
                "password", "participant passphrase", "displayName", "Pam", "role", "PARTICIPANT"), owner.token());
        assertEquals(201, participant.status(), participant.toString());
        assertEquals(400, api.post("/api/account/users", Map.of("email", "x-" + System.nanoTime() + "@example.com",
                "password", "a long passphrase", "displayName", "X", "role", "ACCOUNT_OWNER"), owner.token()).status(),
                "a second owner cannot be added");
        assertEquals(3, api.get("/api/account/users", owner.token()).body().path("users").size());

        String hostToken = api.post("/api/auth/signin", Map.of("email", hostEmail, "password", "host passphrase"), null)
                .body().path("token").asText();
        String participantToken = api.post("/api/auth/signin", Map.of("email", participantEmail,
                "password", "participant passphrase"), null).body().path("token").asText();

        ApiClient.Answer refused = api.post("/api/meetings", Map.of("topic", "Mine", "type", "INSTANT"), participantToken);
        assertEquals(403, refused.status(), "a participant may not schedule: " + refused);
        assertEquals(403, api.post("/api/account/users", Map.of("email", "y@example.com", "password", "a long passphrase",
                "displayName", "Y", "role", "HOST"), participantToken).status(), "only the owner adds users");

        ApiClient.Answer hosted = api.post("/api/meetings", Map.of("topic", "Hal's meeting", "type", "INSTANT"), hostToken);
        assertEquals(201, hosted.status(), hosted.toString());
        String id = hosted.body().path("id").asText();
        assertEquals(200, api.patch("/api/meetings/" + id, Map.of("topic", "Renamed by the owner"), owner.token()).status(),
                "the account owner controls every meeting of the account");
        assertEquals(403, api.patch("/api/meetings/" + id, Map.of("topic", "Not mine"), participantToken).status());
    }

    @Test
    void openApiDocumentIsServed() {
        ApiClient.Answer answer = api.get("/v3/api-docs", null);
        assertEquals(200, answer.status());
        assertEquals("3.0.3", answer.body().path("openapi").asText());
        assertTrue(answer.body().path("paths").has("/api/meetings/{id}/join"));
    }
}
