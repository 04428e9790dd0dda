package io.confab.jobs.recording.mix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.jobs.recording.Participant;
import io.confab.jobs.recording.TimelineEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnScreenTest {

    static final Participant ALICE = new Participant("alice", "Alice", false, false);

    @Test
    void joinsMutesSpeakerAndLeavesAreAppliedAtTheirTimesInOrder() {
        OnScreen screen = new OnScreen(List.of(ALICE), "alice", List.of(
                TimelineEntry.join(100, "bob", "Bob"),
                TimelineEntry.mute(200, "alice", "VIDEO", true),
                TimelineEntry.speaker(300, "bob"),
                TimelineEntry.leave(400, "alice")));

        screen.advanceTo(99);
        assertEquals(List.of("alice"), ids(screen), "before Bob's join");
        screen.advanceTo(100);
        assertEquals(List.of("alice", "bob"), ids(screen), "Bob joins at 100 ms, after Alice");
        assertEquals("Bob", screen.present().get(1).name());
        assertEquals("alice", screen.speaker());
        screen.advanceTo(250);
        assertTrue(screen.present().get(0).videoMuted(), "Alice's camera off at 200 ms");
        assertFalse(screen.present().get(0).audioMuted(), "her microphone still on");
        screen.advanceTo(300);
        assertEquals("bob", screen.speaker());
        screen.advanceTo(10_000);
        assertEquals(List.of("bob"), ids(screen), "Alice left at 400 ms");
    }

    @Test
    void anAudioMuteOnlyMutesTheMicrophoneAndUnmuteUndoesIt() {
        OnScreen screen = new OnScreen(List.of(ALICE), null, List.of(
                TimelineEntry.mute(10, "alice", "AUDIO", true),
                TimelineEntry.mute(20, "alice", "AUDIO", false)));
        screen.advanceTo(15);
        assertTrue(screen.present().get(0).audioMuted());
        assertFalse(screen.present().get(0).videoMuted());
        screen.advanceTo(25);
        assertFalse(screen.present().get(0).audioMuted());
    }

    @Test
    void theSpeakerLeavingLeavesNoSpeaker() {
        OnScreen screen = new OnScreen(List.of(ALICE), "alice", List.of(TimelineEntry.leave(50, "alice")));
        screen.advanceTo(50);
        assertNull(screen.speaker());
        assertTrue(screen.present().isEmpty());
    }

    @Test
    void aSenderUnknownToTheRosterShowsUnderItsShortIdUntilItsJoinIsRead() {
        OnScreen screen = new OnScreen(List.of(ALICE), null, List.of(TimelineEntry.join(500, "3f2a9c1e-77d0-4b", "Carol")));
        Participant unknown = screen.participant("3f2a9c1e-77d0-4b");
        assertEquals("3f2a9c1e", unknown.name(), "shown under the first 8 characters of its id");
        assertEquals(List.of("alice", "3f2a9c1e-77d0-4b"), ids(screen));
        screen.advanceTo(500);
        assertEquals("Carol", screen.present().get(1).name(), "named once the join is read");
    }

    @Test
    void aKnownParticipantIsReturnedAsIs() {
        OnScreen screen = new OnScreen(List.of(ALICE), null, List.of());
        assertEquals(ALICE, screen.participant("alice"));
        assertEquals(1, screen.present().size());
    }

    private static List<String> ids(OnScreen screen) {
        return screen.present().stream().map(Participant::id).toList();
    }
}
