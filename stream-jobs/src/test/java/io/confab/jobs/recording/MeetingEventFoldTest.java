package io.confab.jobs.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.jobs.recording.MeetingEventFold.Action;
import io.confab.storage.events.ActiveSpeakerChanged;
import io.confab.storage.events.LeaveReason;
import io.confab.storage.events.MediaKind;
import io.confab.storage.events.MeetingEndReason;
import io.confab.storage.events.MeetingEnded;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.MeetingSettings;
import io.confab.storage.events.MeetingStarted;
import io.confab.storage.events.MeetingType;
import io.confab.storage.events.MuteChanged;
import io.confab.storage.events.ParticipantJoined;
import io.confab.storage.events.ParticipantLeft;
import io.confab.storage.events.ParticipantRole;
import io.confab.storage.events.RecordingLayout;
import io.confab.storage.events.RecordingStarted;
import io.confab.storage.events.RecordingStopped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The meeting's events folded into its roster and recordings, and what each asks of the mixer. */
class MeetingEventFoldTest {

    static final long T0 = 1_700_000_000_000L;
    static final long MAX_START_AGE_MS = 60_000;

    final MeetingEventFold fold = new MeetingEventFold(false, MAX_START_AGE_MS);
    MeetingState state;

    @BeforeEach
    void meeting() {
        state = new MeetingState();
        apply(T0, new MeetingStarted("Weekly", "host-user", MeetingType.INSTANT, new MeetingSettings(false, true, false, true, false, false)));
    }

    @Test
    void theRosterFollowsJoinsLeavesAndMutes() {
        apply(T0 + 1, joined("alice", "Alice", false, false));
        apply(T0 + 2, joined("bob", "Bob", true, false));
        apply(T0 + 3, new MuteChanged("alice", MediaKind.VIDEO, true, false));
        apply(T0 + 4, new MuteChanged("bob", MediaKind.AUDIO, false, false));
        apply(T0 + 5, joined("carol", "Carol", false, false));
        apply(T0 + 6, new ParticipantLeft("carol", LeaveReason.LEFT));

        assertEquals(List.of("alice", "bob"), List.copyOf(state.participants.keySet()));
        assertEquals(new Participant("alice", "Alice", false, true), state.participants.get("alice"));
        assertEquals(new Participant("bob", "Bob", false, false), state.participants.get("bob"));
        assertEquals("host-user", state.hostUserId);
        assertEquals("Weekly", state.topic);
    }

    @Test
    void recordingStartedMakesAWindowWithTheParticipantsPresent() {
        apply(T0 + 1, joined("alice", "Alice", false, true));
        apply(T0 + 2, new ActiveSpeakerChanged("alice"));

        List<Action> actions = apply(T0 + 10, new RecordingStarted("rec-1", true, null, false));

        assertEquals(1, actions.size());
        RecordingWindow window = assertInstanceOf(Action.StartRecording.class, actions.get(0)).recording();
        assertEquals("rec-1", window.recordingId);
        assertEquals("m-1", window.meetingId);
        assertEquals("acct-1", window.accountId);
        assertEquals("host-user", window.hostUserId);
        assertEquals(T0 + 10, window.startedAtMs);
        assertTrue(window.transcribe);
        assertFalse(window.audioOnly);
        assertTrue(window.running());
        assertEquals(List.of(new Participant("alice", "Alice", false, true)), window.initialParticipants);
        assertEquals("alice", window.initialSpeaker);
        assertTrue(window.entries.isEmpty(), "what happened before the start is in the initial roster, not the timeline");

        apply(T0 + 20, joined("bob", "Bob", false, false));
        assertEquals(List.of(TimelineEntry.join(T0 + 20, "bob", "Bob")), window.entries, "later events go to its timeline");
    }

    @Test
    void aReplayedStartIsIgnored() {
        apply(T0 + 10, new RecordingStarted("rec-1", false, null, false));
        List<Action> again = apply(T0 + 10, new RecordingStarted("rec-1", false, null, false));
        assertInstanceOf(Action.Ignored.class, again.get(0), "a start for a running recording: " + again);
        assertEquals(1, state.recordings.size());

        state.retire(state.recordings.get(0));
        List<Action> afterFinish = apply(T0 + 10, new RecordingStarted("rec-1", false, null, false));
        assertInstanceOf(Action.Ignored.class, afterFinish.get(0), "a start for a finished recording: " + afterFinish);
        assertTrue(state.recordings.isEmpty());
    }

    @Test
    void aStopForAnUnknownRecordingIsIgnored() {
        List<Action> actions = apply(T0 + 10, new RecordingStopped("rec-nobody-started"));
        Action.Ignored ignored = assertInstanceOf(Action.Ignored.class, actions.get(0));
        assertTrue(ignored.reason().contains("rec-nobody-started"), "the reason names the recording: " + ignored.reason());
    }

    @Test
    void aStopStopsItsRecordingAtTheEventsTime() {
        apply(T0 + 10, new RecordingStarted("rec-1", false, null, false));
        List<Action> actions = apply(T0 + 5000, new RecordingStopped("rec-1"));
        Action.StopRecording stop = assertInstanceOf(Action.StopRecording.class, actions.get(0));
        assertEquals("rec-1", stop.recording().recordingId);
        assertEquals(T0 + 5000, stop.atMs());
    }

    @Test
    void meetingEndedStopsEveryRunningRecording() {
        apply(T0 + 1, joined("alice", "Alice", false, false));
        apply(T0 + 10, new RecordingStarted("rec-1", false, null, false));
        apply(T0 + 20, new RecordingStarted("rec-2", false, null, false));

        List<Action> actions = apply(T0 + 9000, new MeetingEnded(MeetingEndReason.ENDED_BY_HOST));

        assertEquals(List.of("rec-1", "rec-2"), actions.stream()
                .map(a -> assertInstanceOf(Action.StopRecording.class, a).recording().recordingId).toList());
        actions.forEach(a -> assertEquals(T0 + 9000, ((Action.StopRecording) a).atMs()));
        assertTrue(state.ended);
        assertTrue(state.participants.isEmpty(), "nobody is left after the end");
    }

    @Test
    void meetingEndedDoesNotStopARecordingAlreadyStopping() {
        apply(T0 + 10, new RecordingStarted("rec-1", false, null, false));
        state.recordings.get(0).stoppedAtMs = T0 + 500;
        assertTrue(apply(T0 + 9000, new MeetingEnded(MeetingEndReason.LAST_PARTICIPANT_LEFT)).isEmpty());
    }

    @Test
    void aStartOlderThanTheMaximumAgeIsIgnored() {
        long old = T0 - MAX_START_AGE_MS - 1;
        List<Action> actions = fold.apply(state, event(old, new RecordingStarted("rec-old", false, null, false)), T0);
        Action.Ignored ignored = assertInstanceOf(Action.Ignored.class, actions.get(0));
        assertTrue(ignored.reason().contains("old"), ignored.reason());
        assertTrue(state.recordings.isEmpty());

        List<Action> recent = fold.apply(state, event(T0 - MAX_START_AGE_MS, new RecordingStarted("rec-new", false, null, false)), T0);
        assertInstanceOf(Action.StartRecording.class, recent.get(0), "a start exactly at the maximum age is recorded");
    }

    @Test
    void anAudioOnlyFoldMakesAudioOnlyRecordings() {
        MeetingEventFold audioOnly = new MeetingEventFold(true, MAX_START_AGE_MS);
        List<Action> actions = audioOnly.apply(state, event(T0 + 10, new RecordingStarted("rec-1", false, null, false)), T0 + 10);
        assertTrue(assertInstanceOf(Action.StartRecording.class, actions.get(0)).recording().audioOnly);
    }

    @Test
    void eachRecordingKeepsTheLayoutAndAudioOnlyItsHostAskedFor() {
        RecordingWindow speaker = assertInstanceOf(Action.StartRecording.class,
                apply(T0 + 10, new RecordingStarted("rec-1", false, RecordingLayout.SPEAKER, false)).get(0)).recording();
        apply(T0 + 20, new RecordingStopped("rec-1"));
        RecordingWindow audio = assertInstanceOf(Action.StartRecording.class,
                apply(T0 + 30, new RecordingStarted("rec-2", false, null, true)).get(0)).recording();

        assertEquals("SPEAKER", speaker.layout);
        assertFalse(speaker.audioOnly);
        assertNull(audio.layout, "no layout asked for: the job's default");
        assertTrue(audio.audioOnly);
    }

    private List<Action> apply(long atMs, Object payload) {
        return fold.apply(state, event(atMs, payload), atMs);
    }

    private static MeetingEvent event(long atMs, Object payload) {
        return MeetingEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setAccountId("acct-1")
                .setMeetingId("m-1")
                .setOccurredAt(Instant.ofEpochMilli(atMs))
                .setPayload(payload)
                .build();
    }

    private static ParticipantJoined joined(String id, String name, boolean audioMuted, boolean videoMuted) {
        return ParticipantJoined.newBuilder().setParticipantId(id).setUserId(null).setDisplayName(name)
                .setRole(ParticipantRole.PARTICIPANT).setAudioMuted(audioMuted).setVideoMuted(videoMuted).setClient("test").build();
    }
}
