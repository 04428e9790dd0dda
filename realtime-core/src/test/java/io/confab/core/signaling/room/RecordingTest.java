package io.confab.core.signaling.room;

import io.confab.core.meetings.MeetingSettings;
import io.confab.core.mediaplane.MediaCommand;

import io.confab.core.signaling.protocol.RecordingOptions;
import io.confab.storage.events.RecordingLayout;
import static io.confab.core.signaling.room.RoomFixture.assertContains;
import static io.confab.core.signaling.room.RoomFixture.assertRefused;
import static io.confab.core.signaling.room.RoomFixture.guest;
import static io.confab.core.signaling.room.RoomFixture.host;
import static io.confab.core.signaling.room.RoomFixture.messageTo;
import static io.confab.core.signaling.room.RoomFixture.onlyAudit;
import static io.confab.core.signaling.room.RoomFixture.onlyMessageTo;
import static io.confab.core.signaling.room.RoomFixture.payload;
import static io.confab.core.signaling.room.RoomFixture.payloads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.core.signaling.protocol.ClientMessage;
import io.confab.core.signaling.protocol.ErrorCode;
import io.confab.core.signaling.protocol.ServerMessage;
import io.confab.storage.events.AuditOutcome;
import io.confab.storage.events.RecordingStarted;
import io.confab.storage.events.RecordingStopped;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecordingTest {

    private final Identity alice = host("alice");
    private final Identity bob = guest("bob");

    private RoomFixture meeting(MeetingSettings settings) {
        RoomFixture fixture = new RoomFixture(settings);
        fixture.join(alice);
        fixture.join(bob);
        return fixture;
    }

    @Test
    void startingARecordingTellsEveryoneTapsTheMediaAndEmitsRecordingStarted() {
        RoomFixture fixture = meeting(MeetingSettings.OPEN);
        Outcome outcome = fixture.send(alice, new ClientMessage.StartRecording(RecordingOptions.DEFAULTS));

        assertEquals(List.of(RecordingStarted.class), payloads(outcome));
        RecordingStarted started = payload(outcome, 0, RecordingStarted.class);
        assertTrue(started.getTranscribe());
        ServerMessage.RecordingStarted notice = onlyMessageTo(outcome, bob, ServerMessage.RecordingStarted.class);
        assertEquals(started.getRecordingId(), notice.recordingId());
        assertEquals(alice.participantId(), notice.by());
        assertEquals(List.of(new MediaCommand.StartTap(started.getRecordingId(), true)), outcome.media());
        assertEquals("recording.start", onlyAudit(outcome).getAction());
        assertTrue(fixture.room.meetingState().recording());
    }

    @Test
    void theHostsLayoutAndAudioOnlyChoiceTravelsOnRecordingStartedAndTheNotice() {
        RoomFixture fixture = meeting(MeetingSettings.OPEN);
        Outcome outcome = fixture.send(alice, new ClientMessage.StartRecording(
                new RecordingOptions(false, RecordingLayout.SPEAKER, true)));

        RecordingStarted started = payload(outcome, 0, RecordingStarted.class);
        assertEquals(RecordingLayout.SPEAKER, started.getLayout());
        assertTrue(started.getAudioOnly());
        ServerMessage.RecordingStarted notice = onlyMessageTo(outcome, bob, ServerMessage.RecordingStarted.class);
        assertEquals("speaker", notice.layout());
        assertTrue(notice.audioOnly());
    }

    @Test
    void stoppingTheRecordingUsesTheSameRecordingId() {
        RoomFixture fixture = meeting(MeetingSettings.OPEN);
        String recordingId = payload(fixture.send(alice, new ClientMessage.StartRecording(new RecordingOptions(false, null, false))), 0,
                RecordingStarted.class).getRecordingId();

        Outcome outcome = fixture.send(alice, new ClientMessage.StopRecording());

        assertEquals(recordingId, payload(outcome, 0, RecordingStopped.class).getRecordingId());
        assertEquals(new ServerMessage.RecordingStopped(recordingId, alice.participantId()),
                onlyMessageTo(outcome, bob, ServerMessage.RecordingStopped.class));
        assertEquals(List.of(new MediaCommand.StopTap(recordingId)), outcome.media());
        assertEquals("recording.stop", onlyAudit(outcome).getAction());
    }

    @Test
    void recordingIsRefusedWhenTheMeetingDoesNotAllowIt() {
        RoomFixture fixture = meeting(MeetingSettings.OPEN.withAllowRecording(false));
        Outcome outcome = fixture.send(alice, new ClientMessage.StartRecording(RecordingOptions.DEFAULTS));

        assertContains(assertRefused(outcome, alice, ErrorCode.RECORDING_NOT_ALLOWED).message(), "allow_recording");
        assertEquals(AuditOutcome.DENIED, onlyAudit(outcome).getOutcome());
    }

    @Test
    void privateMediaMeetingsCannotBeRecordedAndTheRefusalClaimsNoEncryption() {
        RoomFixture fixture = meeting(MeetingSettings.OPEN.withE2eeEnabled(true));
        Outcome outcome = fixture.send(alice, new ClientMessage.StartRecording(RecordingOptions.DEFAULTS));

        String message = assertRefused(outcome, alice, ErrorCode.RECORDING_NOT_ALLOWED).message();
        assertContains(message, "private media");
        // The SFU decrypts every packet: nothing the server says may call the meeting end-to-end encrypted.
        org.junit.jupiter.api.Assertions.assertFalse(message.contains("end-to-end") || message.contains("encrypt"), message);
    }

    @Test
    void startingTwiceOrStoppingNothingIsAConflict() {
        RoomFixture fixture = meeting(MeetingSettings.OPEN);
        assertRefused(fixture.send(alice, new ClientMessage.StopRecording()), alice, ErrorCode.CONFLICT);
        fixture.send(alice, new ClientMessage.StartRecording(RecordingOptions.DEFAULTS));

        Outcome again = fixture.send(alice, new ClientMessage.StartRecording(RecordingOptions.DEFAULTS));

        assertRefused(again, alice, ErrorCode.CONFLICT);
        assertEquals(AuditOutcome.FAILED, onlyAudit(again).getOutcome());
    }

    @Test
    void someoneJoiningDuringARecordingIsToldItIsRecording() {
        RoomFixture fixture = meeting(MeetingSettings.OPEN);
        fixture.send(alice, new ClientMessage.StartRecording(RecordingOptions.DEFAULTS));

        Outcome outcome = fixture.join(guest("carol"));

        assertTrue(messageTo(outcome, guest("carol"), ServerMessage.Joined.class).meeting().recording());
    }

    @Test
    void restClientMayStartAndStopRecordingAsASignedInUserWithoutAParticipant() {
        RoomFixture fixture = meeting(MeetingSettings.OPEN);
        assertEquals(Optional.empty(), fixture.room.recordingRefusal());

        Outcome started = fixture.keep(fixture.room.startRecordingForUser("u-alice", RecordingOptions.DEFAULTS, "203.0.113.5", fixture.now()));

        assertNull(started.events().get(0).getActorParticipantId());
        assertEquals("u-alice", started.events().get(0).getActorUserId());
        assertNull(onlyMessageTo(started, bob, ServerMessage.RecordingStarted.class).by());
        assertEquals("203.0.113.5", onlyAudit(started).getSourceAddress());
        assertEquals(Optional.of("the meeting is already being recorded"), fixture.room.recordingRefusal());
        assertThrows(IllegalStateException.class,
                () -> fixture.room.startRecordingForUser("u-alice", RecordingOptions.DEFAULTS, null, fixture.now()));

        Outcome stopped = fixture.room.stopRecordingForUser("u-alice", null, fixture.now());
        assertEquals(List.of(RecordingStopped.class), payloads(stopped));
        assertThrows(IllegalStateException.class, () -> fixture.room.stopRecordingForUser("u-alice", null, fixture.now()));
    }

    @Test
    void restRecordingIsRefusedBeforeTheMeetingRuns() {
        RoomFixture fixture = new RoomFixture();
        assertEquals(Optional.of("the meeting is not running"), fixture.room.recordingRefusal());
    }
}
