package io.confab.core.signaling.room;

import io.confab.core.meetings.MeetingSettings;
import io.confab.core.mediaplane.MediaCommand;

import static io.confab.core.signaling.room.RoomFixture.assertNothingTo;
import static io.confab.core.signaling.room.RoomFixture.guest;
import static io.confab.core.signaling.room.RoomFixture.host;
import static io.confab.core.signaling.room.RoomFixture.onlyMessageTo;
import static io.confab.core.signaling.room.RoomFixture.payload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.core.signaling.protocol.ServerMessage;
import io.confab.storage.events.MeetingEndReason;
import io.confab.storage.events.MeetingStarted;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The meeting setting {@code transcription} in the room, and live captions into it. */
class LiveTranscriptionTest {

    private final Identity alice = host("alice");
    private final Identity bob = guest("bob");
    private final Identity carol = guest("carol");

    @Test
    void aTranscribedMeetingSaysSoWhenItStartsAndTapsTheAudioOfEveryoneWhoEnters() {
        RoomFixture fixture = new RoomFixture(MeetingSettings.OPEN.withTranscription(true));
        Outcome first = fixture.join(alice);
        Outcome second = fixture.join(bob);

        assertTrue(payload(first, 0, MeetingStarted.class).getSettings().getTranscription(),
                "MeetingStarted carries the setting for the transcription job");
        // After every Connect: the SFU forgets a meeting whose last participant left, then meets it again.
        assertEquals(List.of(new MediaCommand.Connect(alice.participantId(), "alice"), new MediaCommand.TapAudioForTranscription()),
                first.media());
        assertEquals(List.of(new MediaCommand.Connect(bob.participantId(), "bob"), new MediaCommand.TapAudioForTranscription()),
                second.media());
    }

    @Test
    void aMeetingWithoutTheSettingTapsNothingAndSaysFalse() {
        RoomFixture fixture = new RoomFixture();
        Outcome first = fixture.join(alice);

        assertFalse(payload(first, 0, MeetingStarted.class).getSettings().getTranscription());
        assertEquals(List.of(new MediaCommand.Connect(alice.participantId(), "alice")), first.media());
    }

    @Test
    void aCaptionOfThisRunReachesEveryoneInTheMeetingButNotTheWaitingRoom() {
        RoomFixture fixture = new RoomFixture(MeetingSettings.OPEN.withTranscription(true).withWaitingRoom(true));
        fixture.join(alice);
        Instant startedAt = fixture.now();
        fixture.join(carol); // waits for a host to admit her
        ServerMessage.Caption caption = caption(false);

        Outcome outcome = fixture.keep(fixture.room.caption(startedAt, caption));

        assertEquals(caption, onlyMessageTo(outcome, alice, ServerMessage.Caption.class));
        assertNothingTo(outcome, carol);
        assertEquals(List.of(), outcome.events(), "captions are not meeting events");
    }

    @Test
    void aCaptionOfAnotherRunOrAfterTheEndIsDropped() {
        RoomFixture fixture = new RoomFixture(MeetingSettings.OPEN.withTranscription(true));
        fixture.join(alice);
        Instant startedAt = fixture.now();

        Outcome earlierRun = fixture.room.caption(startedAt.minusSeconds(3600), caption(true));
        assertEquals(List.of(), earlierRun.deliveries());

        fixture.keep(fixture.room.end(MeetingEndReason.ENDED_BY_HOST, startedAt.plusSeconds(5)));
        assertEquals(List.of(), fixture.room.caption(startedAt, caption(true)).deliveries());
    }

    private ServerMessage.Caption caption(boolean isFinal) {
        return new ServerMessage.Caption("seg-1", alice.participantId(), "alice", "good morning everyone", isFinal, 1_200, 2_900);
    }
}
