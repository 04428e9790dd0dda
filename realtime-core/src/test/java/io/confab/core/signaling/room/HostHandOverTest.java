package io.confab.core.signaling.room;

import io.confab.core.meetings.MeetingSettings;
import static io.confab.core.signaling.room.RoomFixture.cohost;
import static io.confab.core.signaling.room.RoomFixture.guest;
import static io.confab.core.signaling.room.RoomFixture.host;
import static io.confab.core.signaling.room.RoomFixture.messageTo;
import static io.confab.core.signaling.room.RoomFixture.onlyAudit;
import static io.confab.core.signaling.room.RoomFixture.participant;
import static io.confab.core.signaling.room.RoomFixture.payloads;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.confab.core.signaling.protocol.ClientMessage;
import io.confab.core.signaling.protocol.PresenceEntry;
import io.confab.core.signaling.protocol.ServerMessage;
import io.confab.storage.events.AuditOutcome;
import io.confab.storage.events.MeetingEnded;
import io.confab.storage.events.ParticipantLeft;
import io.confab.storage.events.ParticipantRole;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When the last host leaves, someone else becomes host, as in Zoom, so the meeting keeps its controls. */
class HostHandOverTest {

    private final RoomFixture fixture = new RoomFixture();
    private final Identity alice = host("alice");
    private final Identity bob = guest("bob");
    private final Identity carol = participant("carol");
    private final Identity erin = cohost("erin");

    private ParticipantRole roleOf(Identity who) {
        return fixture.room.presence().stream().filter(p -> p.participantId().equals(who.participantId()))
                .map(PresenceEntry::role).findFirst().orElseThrow();
    }

    @Test
    void hostLeavingPromotesTheCohostEvenWhenOthersCameFirst() {
        fixture.join(alice);
        fixture.join(bob);
        fixture.join(carol);
        fixture.join(erin);

        Outcome outcome = fixture.send(alice, new ClientMessage.LeaveMeeting());

        assertEquals(ParticipantRole.HOST, roleOf(erin));
        assertEquals(List.of(ParticipantLeft.class), payloads(outcome), "no event payload describes a role change");
        ServerMessage.Presence presence = messageTo(outcome, bob, ServerMessage.Presence.class);
        assertEquals(fixture.room.presence(), presence.participants());
        var audit = onlyAudit(outcome);
        assertEquals("meeting.transfer_host", audit.getAction());
        assertEquals("participant:p-erin", audit.getTarget());
        assertEquals("u-alice", audit.getActor());
        assertEquals(AuditOutcome.SUCCESS, audit.getOutcome());
    }

    @Test
    void withoutACohostTheLongestPresentSignedInParticipantBecomesHostBeforeAGuest() {
        fixture.join(alice);
        fixture.join(bob);
        fixture.join(carol);

        fixture.disconnect(alice);

        assertEquals(ParticipantRole.HOST, roleOf(carol));
        assertEquals(ParticipantRole.GUEST, roleOf(bob));
    }

    @Test
    void aGuestNeverBecomesHostSoAHostWhoLostTheConnectionCannotBeLockedOut() {
        Identity dave = guest("dave");
        Identity erin = guest("erin");
        fixture.join(alice);
        fixture.join(dave);
        fixture.join(erin);

        fixture.disconnect(alice);

        assertEquals(ParticipantRole.GUEST, roleOf(dave));
        assertEquals(ParticipantRole.GUEST, roleOf(erin));
        Outcome lock = fixture.send(dave, new ClientMessage.LockMeeting());
        assertEquals(io.confab.core.signaling.protocol.ErrorCode.FORBIDDEN,
                ((io.confab.core.signaling.protocol.ServerMessage.ErrorReply) lock.messagesTo(dave.participantId()).get(0)).code());
    }

    @Test
    void theNewHostHoldsTheHostControls() {
        fixture.join(alice);
        fixture.join(bob);
        fixture.join(carol);
        fixture.disconnect(alice);

        Outcome ended = fixture.send(carol, new ClientMessage.EndMeeting());

        assertEquals(MeetingEnded.class, ended.events().get(ended.events().size() - 1).getPayload().getClass());
    }

    @Test
    void promotedHostIsGivenTheWaitingList() {
        RoomFixture waitingRoom = new RoomFixture(MeetingSettings.OPEN.withWaitingRoom(true));
        Identity dave = guest("dave");
        waitingRoom.join(alice);
        waitingRoom.join(carol);
        waitingRoom.send(alice, new ClientMessage.Admit(carol.participantId()));
        waitingRoom.join(dave);

        Outcome outcome = waitingRoom.send(alice, new ClientMessage.LeaveMeeting());

        assertEquals(List.of(dave.participantId()), messageTo(outcome, carol, ServerMessage.WaitingList.class)
                .waiting().stream().map(w -> w.participantId()).toList());
    }

    @Test
    void cohostLeavingHandsNothingOver() {
        fixture.join(alice);
        fixture.join(erin);
        fixture.join(bob);

        Outcome outcome = fixture.send(erin, new ClientMessage.LeaveMeeting());

        assertEquals(List.of(), outcome.audit());
        assertEquals(ParticipantRole.HOST, roleOf(alice));
        assertEquals(ParticipantRole.GUEST, roleOf(bob));
    }

    @Test
    void kickingAHostAsAnotherHostStillLeavesAHost() {
        Identity alice2 = new Identity(new io.confab.core.signaling.protocol.ParticipantId("p-alice-phone"),
                "u-alice", "acct-1", ParticipantRole.HOST, "alice (phone)", null);
        fixture.join(alice);
        fixture.join(alice2);
        fixture.join(bob);

        Outcome outcome = fixture.send(alice, new ClientMessage.KickParticipant(alice2.participantId(), null));

        assertEquals(1, outcome.audit().size(), "only the kick is audited: no hand-over was needed");
        assertEquals(ParticipantRole.GUEST, roleOf(bob));
    }
}
