package io.confab.core.signaling.room;

import io.confab.core.meetings.MeetingSettings;
import static io.confab.core.signaling.room.RoomFixture.assertContains;
import static io.confab.core.signaling.room.RoomFixture.assertNothingTo;
import static io.confab.core.signaling.room.RoomFixture.assertRefused;
import static io.confab.core.signaling.room.RoomFixture.cohost;
import static io.confab.core.signaling.room.RoomFixture.guest;
import static io.confab.core.signaling.room.RoomFixture.host;
import static io.confab.core.signaling.room.RoomFixture.messageTo;
import static io.confab.core.signaling.room.RoomFixture.onlyAudit;
import static io.confab.core.signaling.room.RoomFixture.onlyMessageTo;
import static io.confab.core.signaling.room.RoomFixture.payload;
import static io.confab.core.signaling.room.RoomFixture.payloads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.core.signaling.protocol.ClientMessage;
import io.confab.core.signaling.protocol.ErrorCode;
import io.confab.core.signaling.protocol.Offer;
import io.confab.core.signaling.protocol.ParticipantId;
import io.confab.core.signaling.protocol.ServerMessage;
import io.confab.core.signaling.protocol.WaitingEntry;
import io.confab.core.signaling.protocol.WaitingReason;
import io.confab.storage.events.AuditEntry;
import io.confab.storage.events.AuditOutcome;
import io.confab.storage.events.LeaveReason;
import io.confab.storage.events.MeetingLocked;
import io.confab.storage.events.MeetingStarted;
import io.confab.storage.events.MeetingUnlocked;
import io.confab.storage.events.ParticipantAdmitted;
import io.confab.storage.events.ParticipantDenied;
import io.confab.storage.events.ParticipantJoined;
import io.confab.storage.events.ParticipantLeft;
import io.confab.storage.events.ParticipantWaiting;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaitingRoomAndLockTest {

    private final Identity alice = host("alice");
    private final Identity bob = guest("bob");
    private final Identity dave = guest("dave");

    private final RoomFixture waitingRoom = new RoomFixture(MeetingSettings.OPEN.withWaitingRoom(true));

    @Test
    void withTheWaitingRoomOnAGuestWaitsAndHostsSeeTheWaitingList() {
        waitingRoom.join(alice);
        Outcome outcome = waitingRoom.join(bob);

        assertEquals(List.of(ParticipantWaiting.class), payloads(outcome));
        assertEquals("bob", payload(outcome, 0, ParticipantWaiting.class).getDisplayName());
        assertEquals(new ServerMessage.Waiting("join-bob", WaitingReason.WAITING_ROOM),
                onlyMessageTo(outcome, bob, ServerMessage.Waiting.class));
        ServerMessage.WaitingList list = onlyMessageTo(outcome, alice, ServerMessage.WaitingList.class);
        assertEquals(List.of(bob.participantId()), list.waiting().stream().map(WaitingEntry::participantId).toList());
        assertEquals(1, waitingRoom.room.presence().size(), "bob is not in the meeting yet");
    }

    @Test
    void hostsAndCohostsWalkPastTheWaitingRoom() {
        waitingRoom.join(alice);
        Outcome outcome = waitingRoom.join(cohost("erin"));
        assertEquals(List.of(ParticipantJoined.class), payloads(outcome));
    }

    @Test
    void admittedGuestHearsAdmittedThenJoinedAnsweringTheirOriginalJoinRequest() {
        waitingRoom.join(alice);
        waitingRoom.join(bob);
        Outcome outcome = waitingRoom.send(alice, new ClientMessage.Admit(bob.participantId()));

        assertEquals(List.of(ParticipantAdmitted.class, ParticipantJoined.class), payloads(outcome));
        assertEquals("p-alice", payload(outcome, 0, ParticipantAdmitted.class).getBy());
        List<ServerMessage> toBob = outcome.messagesTo(bob.participantId());
        assertEquals(new ServerMessage.Admitted(alice.participantId()), toBob.get(0));
        assertEquals("join-bob", ((ServerMessage.Joined) toBob.get(1)).requestId());
        assertEquals(List.of(), messageTo(outcome, alice, ServerMessage.WaitingList.class).waiting());
        messageTo(outcome, alice, ServerMessage.ParticipantJoined.class);
        AuditEntry audit = onlyAudit(outcome);
        assertEquals("meeting.admit_participant", audit.getAction());
        assertEquals(AuditOutcome.SUCCESS, audit.getOutcome());
        assertEquals("participant:p-bob", audit.getTarget());
    }

    @Test
    void deniedGuestIsToldAndTheirConnectionClosed() {
        waitingRoom.join(alice);
        waitingRoom.join(bob);
        Outcome outcome = waitingRoom.send(alice, new ClientMessage.Deny(bob.participantId()));

        assertEquals(List.of(ParticipantDenied.class), payloads(outcome));
        assertEquals(new ServerMessage.Denied(alice.participantId()), onlyMessageTo(outcome, bob, ServerMessage.Denied.class));
        assertEquals(List.of(bob.participantId()), outcome.closeConnections());
        assertEquals(List.of(), onlyMessageTo(outcome, alice, ServerMessage.WaitingList.class).waiting());
        assertEquals("meeting.deny_participant", onlyAudit(outcome).getAction());
        assertFalse(waitingRoom.room.contains(bob.participantId()));
    }

    @Test
    void admittingSomeoneWhoIsNotWaitingIsUnknownParticipantAndAuditedAsFailed() {
        waitingRoom.join(alice);
        Outcome outcome = waitingRoom.send(alice, new ClientMessage.Admit(new ParticipantId("p-ghost")));

        assertContains(assertRefused(outcome, alice, ErrorCode.UNKNOWN_PARTICIPANT).message(), "p-ghost");
        assertEquals(AuditOutcome.FAILED, onlyAudit(outcome).getOutcome());
    }

    @Test
    void someoneInTheWaitingRoomCanOnlyPingOrLeave() {
        waitingRoom.join(alice);
        waitingRoom.join(bob);

        assertContains(assertRefused(waitingRoom.send(bob, new ClientMessage.Chat("let me in", null)), bob,
                ErrorCode.NOT_IN_MEETING).message(), "chat");
        assertRefused(waitingRoom.send(bob, new Offer("v=0")), bob, ErrorCode.NOT_IN_MEETING);
        onlyMessageTo(waitingRoom.send(bob, new ClientMessage.Ping()), bob, ServerMessage.Pong.class);
    }

    @Test
    void leavingTheWaitingRoomClosesThePresenceWithParticipantLeft() {
        waitingRoom.join(alice);
        waitingRoom.join(bob);
        Outcome outcome = waitingRoom.send(bob, new ClientMessage.LeaveMeeting());

        assertEquals(List.of(ParticipantLeft.class), payloads(outcome));
        assertEquals(LeaveReason.LEFT, payload(outcome, 0, ParticipantLeft.class).getReason());
        assertEquals(List.of(), onlyMessageTo(outcome, alice, ServerMessage.WaitingList.class).waiting());
        assertEquals(List.of(bob.participantId()), outcome.closeConnections());
    }

    @Test
    void hostArrivingLaterIsGivenTheWaitingList() {
        RoomFixture fixture = new RoomFixture(MeetingSettings.OPEN.withWaitingRoom(true));
        fixture.join(bob);
        Outcome outcome = fixture.join(alice);

        assertEquals(List.of(bob.participantId()), messageTo(outcome, alice, ServerMessage.WaitingList.class)
                .waiting().stream().map(WaitingEntry::participantId).toList());
    }

    @Test
    void withoutJoinBeforeHostGuestsWaitForTheHostAndWalkInWhenTheHostArrives() {
        RoomFixture fixture = new RoomFixture(MeetingSettings.OPEN.withJoinBeforeHost(false));
        Outcome early = fixture.join(bob);
        assertEquals(List.of(ParticipantWaiting.class), payloads(early), "the meeting has not started");
        assertEquals(WaitingReason.HOST_NOT_ARRIVED, onlyMessageTo(early, bob, ServerMessage.Waiting.class).reason());

        Outcome arrival = fixture.join(alice);

        assertEquals(List.of(MeetingStarted.class, ParticipantJoined.class, ParticipantAdmitted.class,
                ParticipantJoined.class), payloads(arrival));
        assertNull(arrival.events().get(2).getActorParticipantId(), "the server let bob in, on alice's arrival");
        assertEquals("p-alice", payload(arrival, 2, ParticipantAdmitted.class).getBy());
        assertEquals("p-bob", payload(arrival, 3, ParticipantJoined.class).getParticipantId());
        List<ServerMessage> toBob = arrival.messagesTo(bob.participantId());
        assertEquals(new ServerMessage.Admitted(null), toBob.get(0));
        assertEquals("join-bob", ((ServerMessage.Joined) toBob.get(1)).requestId());
        messageTo(arrival, alice, ServerMessage.ParticipantJoined.class);
    }

    @Test
    void withoutJoinBeforeHostButWithAWaitingRoomTheHostsArrivalMovesGuestsToTheWaitingRoom() {
        RoomFixture fixture = new RoomFixture(MeetingSettings.OPEN.withJoinBeforeHost(false).withWaitingRoom(true));
        fixture.join(bob);
        Outcome arrival = fixture.join(alice);

        assertEquals(List.of(MeetingStarted.class, ParticipantJoined.class), payloads(arrival));
        assertEquals(new ServerMessage.Waiting("join-bob", WaitingReason.WAITING_ROOM),
                onlyMessageTo(arrival, bob, ServerMessage.Waiting.class));
        assertEquals(WaitingReason.WAITING_ROOM,
                messageTo(arrival, alice, ServerMessage.WaitingList.class).waiting().get(0).reason());
    }

    @Test
    void lockedMeetingRefusesNewGuestsWithMeetingLockedAndClosesTheirConnection() {
        RoomFixture fixture = new RoomFixture();
        fixture.join(alice);
        Outcome locked = fixture.send(alice, new ClientMessage.LockMeeting());
        assertEquals(List.of(MeetingLocked.class), payloads(locked));
        assertEquals(new ServerMessage.MeetingLocked(alice.participantId()),
                onlyMessageTo(locked, alice, ServerMessage.MeetingLocked.class));
        assertEquals("meeting.lock", onlyAudit(locked).getAction());

        Outcome refused = fixture.join(bob);

        assertEquals(ErrorCode.MEETING_LOCKED, onlyMessageTo(refused, bob, ServerMessage.ErrorReply.class).code());
        assertEquals("join-bob", onlyMessageTo(refused, bob, ServerMessage.ErrorReply.class).requestId());
        assertEquals(List.of(), refused.events());
        assertEquals(List.of(bob.participantId()), refused.closeConnections());
        assertNothingTo(refused, alice);
        assertFalse(fixture.room.contains(bob.participantId()));
    }

    @Test
    void hostsMayStillJoinALockedMeeting() {
        RoomFixture fixture = new RoomFixture();
        fixture.join(alice);
        fixture.send(alice, new ClientMessage.LockMeeting());

        assertEquals(List.of(ParticipantJoined.class), payloads(fixture.join(cohost("erin"))));
    }

    @Test
    void unlockingLetsGuestsJoinAgain() {
        RoomFixture fixture = new RoomFixture();
        fixture.join(alice);
        fixture.send(alice, new ClientMessage.LockMeeting());
        Outcome unlocked = fixture.send(alice, new ClientMessage.UnlockMeeting());

        assertEquals(List.of(MeetingUnlocked.class), payloads(unlocked));
        assertEquals(List.of(ParticipantJoined.class), payloads(fixture.join(bob)));
    }

    @Test
    void lockingALockedMeetingChangesNothingButIsAudited() {
        RoomFixture fixture = new RoomFixture();
        fixture.join(alice);
        fixture.send(alice, new ClientMessage.LockMeeting());
        Outcome again = fixture.send(alice, new ClientMessage.LockMeeting());

        assertEquals(List.of(), again.events());
        assertEquals(List.of(), again.deliveries());
        assertEquals(AuditOutcome.SUCCESS, onlyAudit(again).getOutcome());
    }

    @Test
    void lockingDoesNotStrandThoseAlreadyWaiting() {
        waitingRoom.join(alice);
        waitingRoom.join(bob);
        waitingRoom.send(alice, new ClientMessage.LockMeeting());

        Outcome lateGuest = waitingRoom.join(dave);
        Outcome admitted = waitingRoom.send(alice, new ClientMessage.Admit(bob.participantId()));

        assertEquals(ErrorCode.MEETING_LOCKED, onlyMessageTo(lateGuest, dave, ServerMessage.ErrorReply.class).code());
        assertTrue(payloads(admitted).contains(ParticipantJoined.class));
    }
}
