package io.confab.orchestration.meetings;

import com.fasterxml.jackson.databind.JsonNode;
import io.confab.core.accounts.Role;
import io.confab.core.accounts.TokenIssuer;
import io.confab.orchestration.SharedPlatform;
import io.confab.storage.events.AuditEntry;
import io.confab.storage.events.AuditOutcome;
import io.confab.storage.events.ChatMessage;
import io.confab.storage.events.HandRaised;
import io.confab.storage.events.LeaveReason;
import io.confab.storage.events.MeetingEnded;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.MeetingStarted;
import io.confab.storage.events.MuteChanged;
import io.confab.storage.events.ParticipantJoined;
import io.confab.storage.events.ParticipantKicked;
import io.confab.storage.events.ParticipantLeft;
import io.confab.storage.events.Reaction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signaling over a real WebSocket against the running platform, with its events read back from Kafka. */
@ExtendWith(SharedPlatform.class)
class SignalingTest {

    private MeetingFixtures fixtures;
    private SharedPlatform.Running running;

    @BeforeEach
    void connect(SharedPlatform.Running running) {
        this.running = running;
        this.fixtures = new MeetingFixtures(running);
    }

    @Test
    void presenceChatHandsReactionsAndMutesReachEveryoneAndKafka() {
        MeetingFixtures.Account host = fixtures.signUp("Alice");
        String id = fixtures.instantMeeting(host, "4921", MeetingFixtures.open());
        try (SignalingClient alice = fixtures.join(id, "Alice", host.token(), null, "joined");
             SignalingClient bob = fixtures.join(id, "Bob", fixtures.ticket(id, "Bob", "4921", null), null, "joined");
             SignalingClient carol = fixtures.join(id, "Carol", fixtures.ticket(id, "Carol", "4921", null), null, "joined")) {
            assertEquals(bob.participantId, alice.await("participant_joined").path("participant").path("participantId").asText());

            bob.send(bob.message("chat").put("text", "hello everyone"));
            for (SignalingClient c : List.of(alice, bob, carol)) {
                assertEquals("hello everyone", c.await("chat").path("text").asText());
            }
            alice.send(alice.message("chat").put("text", "just for you").put("to", bob.participantId));
            assertEquals("just for you", bob.await("chat").path("text").asText());
            assertEquals("just for you", alice.await("chat").path("text").asText(), "the sender sees it too");
            assertFalse(carol.receives("chat", Duration.ofSeconds(1)), "a private message reaches no one else");

            carol.send(carol.message("raise_hand"));
            assertEquals(carol.participantId, alice.await("hand_raised").path("participantId").asText());
            bob.send(bob.message("reaction").put("emoji", "🎉"));
            assertEquals("🎉", carol.await("reaction").path("emoji").asText());
            bob.send(bob.message("mute").put("kind", "audio"));
            assertEquals(bob.participantId, alice.await("muted").path("participantId").asText());
            bob.send(bob.message("ping").put("id", "p1"));
            assertEquals("p1", bob.await("pong").path("requestId").asText());

            List<MeetingEvent> events = MeetingEventLog.events(fixtures.kafka, id,
                    list -> list.stream().anyMatch(e -> e.getPayload() instanceof Reaction)
                            && list.stream().anyMatch(e -> e.getPayload() instanceof MuteChanged));
            List<Class<?>> kinds = new java.util.ArrayList<>();
            events.forEach(e -> kinds.add(e.getPayload().getClass()));
            assertTrue(kinds.indexOf(MeetingStarted.class) < kinds.indexOf(ParticipantJoined.class), kinds.toString());
            assertEquals(3, kinds.stream().filter(ParticipantJoined.class::equals).count(), kinds.toString());
            assertEquals(2, kinds.stream().filter(ChatMessage.class::equals).count(), kinds.toString());
            assertTrue(kinds.contains(HandRaised.class), kinds.toString());
            ChatMessage privateChat = (ChatMessage) events.stream().map(MeetingEvent::getPayload)
                    .filter(p -> p instanceof ChatMessage c && c.getTo() != null).findFirst().orElseThrow();
            assertEquals(bob.participantId, privateChat.getTo());
            assertEquals(events.size(), events.stream().map(MeetingEvent::getEventId).distinct().count(), "unique event ids");
        }
    }

    @Test
    void waitingRoomAdmitsAndDenies() {
        MeetingFixtures.Account host = fixtures.signUp("Hana");
        String id = fixtures.instantMeeting(host, null, Map.of("waitingRoom", true, "joinBeforeHost", true));
        try (SignalingClient hana = fixtures.join(id, "Hana", host.token(), null, "joined");
             SignalingClient ivy = fixtures.join(id, "Ivy", fixtures.ticket(id, "Ivy", null, null), null, "waiting")) {
            JsonNode waiting = hana.await("waiting_list", m -> m.path("waiting").size() == 1);
            String ivyId = waiting.path("waiting").get(0).path("participantId").asText();
            assertEquals("Ivy", waiting.path("waiting").get(0).path("displayName").asText());
            ivy.send(ivy.message("chat").put("text", "can I talk?"));
            assertEquals("NOT_IN_MEETING", ivy.await("error").path("code").asText());

            hana.send(hana.message("admit").put("participantId", ivyId));
            ivy.await("admitted");
            ivy.await("joined");
            assertEquals(ivyId, hana.await("participant_joined").path("participant").path("participantId").asText());

            try (SignalingClient jack = fixtures.join(id, "Jack", fixtures.ticket(id, "Jack", null, null), null, "waiting")) {
                String jackId = hana.await("waiting_list", m -> m.path("waiting").size() == 1)
                        .path("waiting").get(0).path("participantId").asText();
                hana.send(hana.message("deny").put("participantId", jackId));
                jack.await("denied");
                jack.awaitClose();
            }
        }
    }

    @Test
    void lockedMeetingRefusesNewParticipants() {
        MeetingFixtures.Account host = fixtures.signUp("Kai");
        String id = fixtures.instantMeeting(host, null, MeetingFixtures.open());
        try (SignalingClient kai = fixtures.join(id, "Kai", host.token(), null, "joined")) {
            kai.send(kai.message("lock_meeting"));
            kai.await("meeting_locked");
            try (SignalingClient late = fixtures.join(id, "Late", fixtures.ticket(id, "Late", null, null), null, "error")) {
                late.awaitClose();
            }
            kai.send(kai.message("unlock_meeting"));
            kai.await("meeting_unlocked");
            try (SignalingClient now = fixtures.join(id, "OnTime", fixtures.ticket(id, "OnTime", null, null), null, "joined")) {
                assertEquals("OnTime", kai.await("participant_joined").path("participant").path("displayName").asText());
            }
        }
    }

    @Test
    void hostOnlyActionsAreRefusedAndAuditedAndTheMeetingGoesOn() {
        MeetingFixtures.Account host = fixtures.signUp("Lea");
        String id = fixtures.instantMeeting(host, null, MeetingFixtures.open());
        try (SignalingClient lea = fixtures.join(id, "Lea", host.token(), null, "joined");
             SignalingClient max = fixtures.join(id, "Max", fixtures.ticket(id, "Max", null, null), null, "joined")) {
            List<Map<String, String>> attempts = List.of(
                    Map.of("type", "kick_participant", "participantId", lea.participantId),
                    Map.of("type", "mute", "kind", "audio", "target", lea.participantId),
                    Map.of("type", "lock_meeting"),
                    Map.of("type", "end_meeting"),
                    Map.of("type", "start_recording"),
                    Map.of("type", "admit", "participantId", "p-nobody"));
            for (Map<String, String> attempt : attempts) {
                max.send(attempt);
                JsonNode error = max.await("error");
                assertEquals("FORBIDDEN", error.path("code").asText(), attempt + " gave " + error);
                assertTrue(error.path("message").asText().contains(attempt.get("type")), error.toString());
            }
            max.send(max.message("chat").put("text", "still here"));
            assertEquals("still here", lea.await("chat").path("text").asText());
            List<AuditEntry> denied = MeetingEventLog.audit(fixtures.kafka,
                    e -> e.getOutcome() == AuditOutcome.DENIED && e.getActor().endsWith(max.participantId),
                    attempts.size());
            assertTrue(denied.size() >= attempts.size(), "a DENIED audit entry per refused action: " + denied);
        }
    }

    @Test
    void hostMutesThenKicksAndTheKickedSeesWhy() {
        MeetingFixtures.Account host = fixtures.signUp("Nia");
        String id = fixtures.instantMeeting(host, null, MeetingFixtures.open());
        String otoTicket = fixtures.ticket(id, "Oto", null, null);
        try (SignalingClient nia = fixtures.join(id, "Nia", host.token(), null, "joined");
             SignalingClient oto = fixtures.join(id, "Oto", otoTicket, null, "joined")) {
            nia.send(nia.message("mute").put("kind", "audio").put("target", oto.participantId));
            JsonNode muted = oto.await("muted");
            assertEquals(oto.participantId, muted.path("participantId").asText());
            assertEquals(nia.participantId, muted.path("by").asText());

            nia.send(nia.message("kick_participant").put("participantId", oto.participantId).put("reason", "off topic"));
            assertEquals("off topic", oto.await("kicked").path("reason").asText());
            oto.awaitClose();
            assertEquals("kicked", nia.await("participant_left").path("reason").asText());
            try (SignalingClient again = fixtures.join(id, "Oto", otoTicket, null, "error")) {
                again.awaitClose();
            }

            List<MeetingEvent> events = MeetingEventLog.events(fixtures.kafka, id,
                    list -> list.stream().anyMatch(e -> e.getPayload() instanceof ParticipantLeft));
            List<Object> payloads = events.stream().map(MeetingEvent::getPayload).toList();
            int kicked = indexOf(payloads, ParticipantKicked.class);
            int left = indexOf(payloads, ParticipantLeft.class);
            assertTrue(kicked >= 0 && left > kicked, "ParticipantKicked then ParticipantLeft: " + payloads);
            assertEquals(LeaveReason.KICKED, ((ParticipantLeft) payloads.get(left)).getReason());
            MuteChanged mute = (MuteChanged) payloads.get(indexOf(payloads, MuteChanged.class));
            assertTrue(mute.getByHost());
        }
    }

    @Test
    void endForAllClosesEveryConnectionAndTheMeetingCannotBeRejoined() {
        MeetingFixtures.Account host = fixtures.signUp("Pia");
        String id = fixtures.instantMeeting(host, null, MeetingFixtures.open());
        String ticket = fixtures.ticket(id, "Quinn", null, null);
        try (SignalingClient pia = fixtures.join(id, "Pia", host.token(), null, "joined");
             SignalingClient quinn = fixtures.join(id, "Quinn", ticket, null, "joined")) {
            pia.send(pia.message("end_meeting"));
            assertEquals("ended_by_host", quinn.await("meeting_ended").path("reason").asText());
            quinn.awaitClose();
            pia.awaitClose();
        }
        List<MeetingEvent> events = MeetingEventLog.untilEnded(fixtures.kafka, id);
        assertTrue(events.get(events.size() - 1).getPayload() instanceof MeetingEnded, "MeetingEnded comes last: " + events);
        try (SignalingClient again = fixtures.join(id, "Quinn", ticket, null, "error")) {
            again.awaitClose();
        }
    }

    @Test
    void meetingEndsAfterTheLastParticipantLeavesAndTheGracePeriod() {
        MeetingFixtures.Account host = fixtures.signUp("Rui");
        String id = fixtures.instantMeeting(host, null, MeetingFixtures.open());
        try (SignalingClient rui = fixtures.join(id, "Rui", host.token(), null, "joined")) {
            rui.send(rui.message("leave_meeting"));
            rui.awaitClose();
        }
        List<MeetingEvent> events = MeetingEventLog.untilEnded(fixtures.kafka, id);
        MeetingEnded ended = (MeetingEnded) events.get(events.size() - 1).getPayload();
        assertEquals("LAST_PARTICIPANT_LEFT", ended.getReason().name());
    }

    @Test
    void badFramesGetErrorsThatNameTheProblemAndTheConnectionStays() {
        MeetingFixtures.Account host = fixtures.signUp("Sam");
        String id = fixtures.instantMeeting(host, null, MeetingFixtures.open());
        try (SignalingClient sam = fixtures.join(id, "Sam", host.token(), null, "joined")) {
            sam.send("{\"type\": \"chat\", ");
            assertEquals("MALFORMED_JSON", sam.await("error").path("code").asText());
            sam.send("{\"type\": \"teleport\"}");
            JsonNode unknown = sam.await("error");
            assertEquals("UNKNOWN_TYPE", unknown.path("code").asText());
            assertTrue(unknown.path("message").asText().contains("teleport"), unknown.toString());
            sam.send("{\"type\": \"chat\", \"text\": \"" + "x".repeat(70_000) + "\"}");
            assertEquals("TOO_LARGE", sam.await("error").path("code").asText());
            sam.send(sam.message("kick_participant"));
            JsonNode missing = sam.await("error");
            assertEquals("MISSING_FIELD", missing.path("code").asText());
            assertTrue(missing.path("message").asText().contains("participantId"), missing.toString());
            sam.send(sam.message("ping").put("id", "still-open"));
            assertEquals("still-open", sam.await("pong").path("requestId").asText());
        }
    }

    @Test
    void aMessageFloodIsRateLimitedThenClosed() {
        MeetingFixtures.Account host = fixtures.signUp("Tao");
        String id = fixtures.instantMeeting(host, null, MeetingFixtures.open());
        try (SignalingClient watcher = fixtures.join(id, "Watcher", host.token(), null, "joined");
             SignalingClient flooder = fixtures.join(id, "Flood", fixtures.ticket(id, "Flood", null, null), null, "joined")) {
            String ping = "{\"type\":\"ping\"}";
            for (int i = 0; i < 400 && !flooder.isClosed(); i++) {
                if (!flooder.trySend(ping)) {
                    break;  // the server closed the connection mid-flood, as it should
                }
            }
            assertEquals("RATE_LIMITED", flooder.await("error").path("code").asText());
            assertEquals(1008, flooder.awaitClose(), "a sustained flood closes the connection as a policy violation");
            watcher.send(watcher.message("ping").put("id", "ok"));
            assertEquals("ok", watcher.await("pong").path("requestId").asText(), "the meeting goes on for everyone else");
        }
    }

    @Test
    void joinsWithoutAValidTokenOrMeetingAreRefused() throws Exception {
        MeetingFixtures.Account host = fixtures.signUp("Uma");
        String id = fixtures.instantMeeting(host, "7788", MeetingFixtures.open());

        try (SignalingClient forged = SignalingClient.connect(fixtures.webUrl)) {
            forged.send(forged.message("join_meeting").put("meetingId", id).put("displayName", "Eve")
                    .put("token", host.token().substring(0, host.token().length() - 3) + "abc"));
            assertEquals("UNAUTHENTICATED", forged.await("error").path("code").asText());
            forged.awaitClose();
        }
        String secret = Files.readString(running.platform().config().dataDir().resolve("realtime-core/token.secret")).trim();
        TokenIssuer lastYear = new TokenIssuer(HexFormat.of().parseHex(secret),
                Clock.fixed(Instant.now().minus(Duration.ofDays(365)), ZoneOffset.UTC), Duration.ofHours(1));
        String expired = lastYear.issueForUser(host.userId(), host.accountId(), Role.ACCOUNT_OWNER).bearer();
        try (SignalingClient late = SignalingClient.connect(fixtures.webUrl)) {
            late.send(late.message("join_meeting").put("meetingId", id).put("displayName", "Uma").put("token", expired));
            JsonNode error = late.await("error");
            assertEquals("UNAUTHENTICATED", error.path("code").asText());
            assertTrue(error.path("message").asText().toLowerCase().contains("expired"), error.toString());
        }
        MeetingFixtures.Account other = fixtures.signUp("Vic");
        String notAdmitted;
        try (SignalingClient noPasscode = SignalingClient.connect(fixtures.webUrl)) {
            noPasscode.send(noPasscode.message("join_meeting").put("meetingId", id).put("displayName", "Vic")
                    .put("token", other.token()).put("passcode", "0000"));
            JsonNode refused = noPasscode.await("error");
            assertEquals("NO_SUCH_MEETING", refused.path("code").asText(), "a wrong passcode is answered like no such meeting");
            notAdmitted = refused.path("message").asText();
        }
        String mistyped = id.substring(0, id.length() - 1) + (char) ('0' + (id.charAt(id.length() - 1) - '0' + 1) % 10);
        try (SignalingClient wrongId = SignalingClient.connect(fixtures.webUrl)) {
            wrongId.send(wrongId.message("join_meeting").put("meetingId", mistyped).put("displayName", "Vic")
                    .put("token", other.token()));
            JsonNode refused = wrongId.await("error");
            assertEquals("NO_SUCH_MEETING", refused.path("code").asText());
            assertEquals(notAdmitted, refused.path("message").asText(), "one answer for no such meeting and a wrong passcode");
        }
        try (SignalingClient notJoined = SignalingClient.connect(fixtures.webUrl)) {
            notJoined.send(notJoined.message("chat").put("text", "hi"));
            assertEquals("NOT_IN_MEETING", notJoined.await("error").path("code").asText());
        }
    }

    private static int indexOf(List<Object> payloads, Class<?> kind) {
        for (int i = 0; i < payloads.size(); i++) {
            if (kind.isInstance(payloads.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
