package io.confab.core.signaling.room;

import io.confab.core.meetings.MeetingSettings;
import io.confab.core.mediaplane.MediaCommand;

import io.confab.core.signaling.protocol.RecordingOptions;
import static io.confab.core.signaling.room.RoomFixture.assertRefused;
import static io.confab.core.signaling.room.RoomFixture.guest;
import static io.confab.core.signaling.room.RoomFixture.host;
import static io.confab.core.signaling.room.RoomFixture.onlyAudit;
import static io.confab.core.signaling.room.RoomFixture.onlyMessageTo;
import static io.confab.core.signaling.room.RoomFixture.payload;
import static io.confab.core.signaling.room.RoomFixture.payloads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.core.signaling.protocol.ClientMessage;
import io.confab.core.signaling.protocol.ErrorCode;
import io.confab.core.signaling.protocol.ServerMessage;
import io.confab.storage.events.LeaveReason;
import io.confab.storage.events.MeetingEndReason;
import io.confab.storage.events.MeetingEnded;
import io.confab.storage.events.ParticipantJoined;
import io.confab.storage.events.ParticipantLeft;
import io.confab.storage.events.RecordingStarted;
import io.confab.storage.events.RecordingStopped;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MeetingEndTest {

    private final Identity alice = host("alice");
    private final Identity bob = guest("bob");
    private final Identity dave = guest("dave");

    @Test
    void hostEndingForAllStopsTheRecordingClosesEverySessionThenEndsTheMeeting() {
        RoomFixture fixture = new RoomFixture(MeetingSettings.OPEN.withWaitingRoom(true));
        fixture.join(alice);
        fixture.join(bob);
        fixture.send(alice, new ClientMessage.Admit(bob.participantId()));
        fixture.join(dave);
        String recordingId = payload(fixture.send(alice, new ClientMessage.StartRecording(RecordingOptions.DEFAULTS)), 0,
                RecordingStarted.class).getRecordingId();

        Outcome outcome = fixture.send(alice, new ClientMessage.EndMeeting());

        assertEquals(List.of(RecordingStopped.class, ParticipantLeft.class, ParticipantLeft.class, ParticipantLeft.class,
                MeetingEnded.class), payloads(outcome));
        assertEquals(recordingId, payload(outcome, 0, RecordingStopped.class).getRecordingId());
        assertEquals(Set.of("p-alice", "p-bob", "p-dave"), Set.of(
                payload(outcome, 1, ParticipantLeft.class).getParticipantId(),
                payload(outcome, 2, ParticipantLeft.class).getParticipantId(),
                payload(outcome, 3, ParticipantLeft.class).getParticipantId()));
        for (int i = 1; i <= 3; i++) {
            assertEquals(LeaveReason.MEETING_ENDED, payload(outcome, i, ParticipantLeft.class).getReason());
        }
        assertEquals(MeetingEndReason.ENDED_BY_HOST, payload(outcome, 4, MeetingEnded.class).getReason());
        ServerMessage.MeetingEnded ended = new ServerMessage.MeetingEnded(MeetingEndReason.ENDED_BY_HOST);
        for (Identity everyone : List.of(alice, bob, dave)) {
            assertEquals(ended, onlyMessageTo(outcome, everyone, ServerMessage.MeetingEnded.class));
        }
        assertEquals(Set.of(alice.participantId(), bob.participantId(), dave.participantId()),
                Set.copyOf(outcome.closeConnections()));
        assertTrue(outcome.media().contains(new MediaCommand.StopTap(recordingId)));
        assertTrue(outcome.media().contains(new MediaCommand.Disconnect(bob.participantId())));
        assertEquals("meeting.end", onlyAudit(outcome).getAction());
        assertEquals(RoomStatus.ENDED, outcome.status());
    }

    @Test
    void anEndedRoomRefusesEverythingWithMeetingEnded() {
        RoomFixture fixture = new RoomFixture();
        fixture.join(alice);
        fixture.send(alice, new ClientMessage.EndMeeting());

        assertRefused(fixture.send(alice, new ClientMessage.RaiseHand()), alice, ErrorCode.MEETING_ENDED);
        Outcome late = fixture.join(bob);
        assertEquals(ErrorCode.MEETING_ENDED, onlyMessageTo(late, bob, ServerMessage.ErrorReply.class).code());
        assertEquals(List.of(bob.participantId()), late.closeConnections());
        assertEquals(Outcome.none(RoomStatus.ENDED), fixture.room.end(MeetingEndReason.SERVER_SHUTDOWN, fixture.now()));
        assertEquals(Outcome.none(RoomStatus.ENDED), fixture.room.endBecauseEmpty(fixture.now()));
    }

    @Test
    void lastOneLeavingMakesTheRoomEmptyAndTheGraceTimerEndsIt() {
        RoomFixture fixture = new RoomFixture();
        fixture.join(alice);
        fixture.join(bob);
        assertEquals(RoomStatus.OPEN, fixture.send(bob, new ClientMessage.LeaveMeeting()).status());

        Outcome lastLeft = fixture.disconnect(alice);
        assertEquals(RoomStatus.EMPTY, lastLeft.status());

        Outcome ended = fixture.endBecauseEmpty();
        assertEquals(List.of(MeetingEnded.class), payloads(ended), "everyone's Left was written as they went");
        assertEquals(MeetingEndReason.LAST_PARTICIPANT_LEFT, payload(ended, 0, MeetingEnded.class).getReason());
        assertNull(ended.events().get(0).getActorParticipantId(), "the server ended it");
        assertEquals(RoomStatus.ENDED, ended.status());
    }

    @Test
    void someoneJoiningDuringTheGracePeriodKeepsTheMeetingGoing() {
        RoomFixture fixture = new RoomFixture();
        fixture.join(alice);
        fixture.disconnect(alice);
        Outcome back = fixture.join(bob);

        assertEquals(List.of(ParticipantJoined.class), payloads(back), "the same run goes on");
        assertEquals(Outcome.none(RoomStatus.OPEN), fixture.endBecauseEmpty());
    }

    @Test
    void someoneWaitingKeepsTheRoomFromBeingEmpty() {
        RoomFixture fixture = new RoomFixture(MeetingSettings.OPEN.withJoinBeforeHost(false));
        Outcome waiting = fixture.join(bob);
        assertEquals(RoomStatus.OPEN, waiting.status());
        assertEquals(Outcome.none(RoomStatus.OPEN), fixture.endBecauseEmpty());
    }

    @Test
    void endingAnEmptyRoomWhileRecordingStopsTheRecordingFirst() {
        RoomFixture fixture = new RoomFixture();
        fixture.join(alice);
        fixture.send(alice, new ClientMessage.StartRecording(RecordingOptions.DEFAULTS));
        fixture.disconnect(alice);

        Outcome ended = fixture.endBecauseEmpty();

        assertEquals(List.of(RecordingStopped.class, MeetingEnded.class), payloads(ended));
    }

    @Test
    void serverShutdownEndsTheMeetingForEveryoneWithTheServerAsActor() {
        RoomFixture fixture = new RoomFixture();
        fixture.join(alice);
        fixture.join(bob);

        Outcome outcome = fixture.keep(fixture.room.end(MeetingEndReason.SERVER_SHUTDOWN, fixture.now()));

        assertEquals(List.of(ParticipantLeft.class, ParticipantLeft.class, MeetingEnded.class), payloads(outcome));
        outcome.events().forEach(event -> assertNull(event.getActorParticipantId()));
        assertEquals(new ServerMessage.MeetingEnded(MeetingEndReason.SERVER_SHUTDOWN),
                onlyMessageTo(outcome, bob, ServerMessage.MeetingEnded.class));
        assertEquals(List.of(), outcome.audit());
    }

    @Test
    void aMeetingThatNeverStartedEndsWithoutMeetingEnded() {
        RoomFixture fixture = new RoomFixture(MeetingSettings.OPEN.withJoinBeforeHost(false));
        fixture.join(bob);

        Outcome outcome = fixture.keep(fixture.room.end(MeetingEndReason.SERVER_SHUTDOWN, fixture.now()));

        assertEquals(List.of(ParticipantLeft.class), payloads(outcome), "bob's wait is closed; nothing had started");
        assertEquals(LeaveReason.MEETING_ENDED, payload(outcome, 0, ParticipantLeft.class).getReason());
        onlyMessageTo(outcome, bob, ServerMessage.MeetingEnded.class);
    }
}
