package io.confab.orchestration.meetings;

import com.fasterxml.jackson.databind.JsonNode;
import io.confab.orchestration.SharedPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Guests are kept out once they should be (issue #18, item 3): a guest a host removed stays out for
 * the rest of the meeting's run even with a fresh ticket (a new guest ticket is one passcode away,
 * so the ban holds for the address the removed guest came from, not only for their old ticket), and
 * a passcode change revokes the guest tickets issued before it.
 */
@ExtendWith(SharedPlatform.class)
class GuestsKeptOutTest {

    @Test
    void aRemovedGuestWithAFreshTicketIsRefused(SharedPlatform.Running running) {
        MeetingFixtures fixtures = new MeetingFixtures(running);
        MeetingFixtures.Account host = fixtures.signUp("Rhea");
        String id = fixtures.instantMeeting(host, null, MeetingFixtures.open());
        try (SignalingClient rhea = fixtures.join(id, "Rhea", host.token(), null, "joined");
             SignalingClient troll = fixtures.join(id, "Troll", fixtures.ticket(id, "Troll", null, null), null, "joined")) {
            rhea.send(rhea.message("kick_participant").put("participantId", troll.participantId).put("reason", "trolling"));
            troll.await("kicked");
            troll.awaitClose();

            String fresh = fixtures.ticket(id, "Not A Troll", null, null);
            SignalingClient again = SignalingClient.connect(fixtures.webUrl);
            try (again) {
                again.send(again.message("join_meeting").put("meetingId", id).put("displayName", "Not A Troll")
                        .put("token", fresh).put("id", "join-1"));
                JsonNode refused = again.await("error");
                assertEquals("REMOVED", refused.path("code").asText(), refused.toString());
                again.awaitClose();
            }
        }
    }

    @Test
    void aPasscodeChangeRevokesTheGuestTicketsIssuedBeforeIt(SharedPlatform.Running running) {
        MeetingFixtures fixtures = new MeetingFixtures(running);
        MeetingFixtures.Account host = fixtures.signUp("Sami");
        String id = fixtures.instantMeeting(host, "first42", MeetingFixtures.open());
        String before = fixtures.ticket(id, "Early", "first42", null);
        String renamed = fixtures.ticket(id, "Early", "first42", null);
        assertEquals(200, fixtures.api.patch("/api/meetings/" + id, java.util.Map.of("topic", "Renamed"), host.token()).status());
        try (SignalingClient early = fixtures.join(id, "Early", renamed, null, "joined")) {
            // A rename is not a passcode change: tickets stay good.
        }
        assertEquals(200, fixtures.api.patch("/api/meetings/" + id, java.util.Map.of("passcode", "second42"), host.token()).status());
        SignalingClient late = SignalingClient.connect(fixtures.webUrl);
        try (late) {
            late.send(late.message("join_meeting").put("meetingId", id).put("displayName", "Early")
                    .put("token", before).put("id", "join-1"));
            JsonNode refused = late.await("error");
            assertEquals("NO_SUCH_MEETING", refused.path("code").asText(), refused.toString());
            late.awaitClose();
        }
        try (SignalingClient fresh = fixtures.join(id, "Early", fixtures.ticket(id, "Early", "second42", null), null, "joined")) {
            // A ticket under the new passcode joins.
        }
    }
}
