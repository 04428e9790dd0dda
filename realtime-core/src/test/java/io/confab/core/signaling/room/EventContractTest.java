package io.confab.core.signaling.room;

import io.confab.core.meetings.MeetingSettings;
import io.confab.core.signaling.protocol.RecordingOptions;
import static io.confab.core.signaling.room.RoomFixture.guest;
import static io.confab.core.signaling.room.RoomFixture.host;
import static io.confab.core.signaling.room.RoomFixture.participant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.core.signaling.protocol.ClientMessage;
import io.confab.storage.codec.Codecs;
import io.confab.storage.codec.Decoded;
import io.confab.storage.events.AuditEntry;
import io.confab.storage.events.MediaKind;
import io.confab.storage.events.MeetingEnded;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.MeetingStarted;
import io.confab.storage.events.ParticipantJoined;
import io.confab.storage.events.ParticipantLeft;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What storage's README promises consumers of {@code meeting.events}, checked over a whole meeting
 * that uses every feature: every event is keyed by the meeting, stamped with a fresh event id and
 * the time of its call, readable through storage's codec, and sessions open and close in pairs.
 */
class EventContractTest {

    private final RoomFixture fixture = new RoomFixture(MeetingSettings.OPEN.withWaitingRoom(true));
    private final Map<MeetingEvent, Instant> calledAt = new HashMap<>();

    private void record(Outcome outcome) {
        outcome.events().forEach(event -> calledAt.put(event, fixture.now()));
    }

    private List<MeetingEvent> aWholeMeeting() {
        Identity alice = host("alice");
        Identity bob = guest("bob");
        Identity carol = participant("carol");
        Identity dave = guest("dave");
        record(fixture.join(alice));
        record(fixture.join(bob));
        record(fixture.send(alice, new ClientMessage.Admit(bob.participantId())));
        record(fixture.join(carol));
        record(fixture.send(alice, new ClientMessage.Admit(carol.participantId())));
        record(fixture.join(dave));
        record(fixture.send(alice, new ClientMessage.Deny(dave.participantId())));
        record(fixture.send(alice, new ClientMessage.StartRecording(RecordingOptions.DEFAULTS)));
        record(fixture.send(bob, new ClientMessage.Chat("hi", null)));
        record(fixture.send(bob, new ClientMessage.Chat("psst", carol.participantId())));
        record(fixture.send(carol, new ClientMessage.RaiseHand()));
        record(fixture.send(alice, new ClientMessage.LowerHand(carol.participantId())));
        record(fixture.send(bob, new ClientMessage.Reaction("\uD83D\uDC4F")));
        record(fixture.send(alice, new ClientMessage.Mute(MediaKind.AUDIO, bob.participantId())));
        record(fixture.send(bob, new ClientMessage.Unmute(MediaKind.AUDIO, null)));
        record(fixture.keep(fixture.room.activeSpeakerChanged(carol.participantId(), fixture.now())));
        record(fixture.send(alice, new ClientMessage.LockMeeting()));
        record(fixture.send(alice, new ClientMessage.UnlockMeeting()));
        record(fixture.send(alice, new ClientMessage.KickParticipant(bob.participantId(), "enough")));
        record(fixture.send(alice, new ClientMessage.StopRecording()));
        record(fixture.send(alice, new ClientMessage.EndMeeting()));
        return fixture.allEvents();
    }

    @Test
    void everyEventIsKeyedByTheMeetingAndStampedWithAFreshIdTheAccountAndTheTimeOfItsCall() {
        List<MeetingEvent> events = aWholeMeeting();

        Set<String> ids = new HashSet<>();
        for (MeetingEvent event : events) {
            assertEquals("8512345678", event.getMeetingId(), "the Kafka key");
            assertEquals("acct-1", event.getAccountId());
            assertEquals(calledAt.get(event), event.getOccurredAt());
            assertTrue(ids.add(event.getEventId()), "duplicate event id " + event.getEventId());
            assertEquals(event.getEventId(), UUID.fromString(event.getEventId()).toString());
            assertEquals(Codecs.MEETING_EVENTS.archive().newest().orElseThrow().number(), event.getSchemaVersion(), "the current schema version");
        }
    }

    @Test
    void eachStateChangeProducesExactlyOneEventAndAKickTwo() {
        List<String> payloads = aWholeMeeting().stream().map(e -> e.getPayload().getClass().getSimpleName()).toList();

        assertEquals(List.of(
                "MeetingStarted", "ParticipantJoined",                  // alice starts the meeting
                "ParticipantWaiting", "ParticipantAdmitted", "ParticipantJoined",  // bob
                "ParticipantWaiting", "ParticipantAdmitted", "ParticipantJoined",  // carol
                "ParticipantWaiting", "ParticipantDenied",              // dave
                "RecordingStarted", "ChatMessage", "ChatMessage", "HandRaised", "HandLowered", "Reaction",
                "MuteChanged", "MuteChanged", "ActiveSpeakerChanged", "MeetingLocked", "MeetingUnlocked",
                "ParticipantKicked", "ParticipantLeft",                 // bob is removed
                "RecordingStopped",
                "ParticipantLeft", "ParticipantLeft", "MeetingEnded"),  // the host ends it for alice and carol
                payloads);
    }

    @Test
    void everyEventAndAuditEntryRoundTripsThroughStoragesCodec() {
        aWholeMeeting();
        for (MeetingEvent event : fixture.allEvents()) {
            Decoded<MeetingEvent> decoded = Codecs.MEETING_EVENTS.decode(Codecs.MEETING_EVENTS.encode(event));
            assertEquals(event, assertInstanceOf(Decoded.Ok.class, decoded).value());
        }
        List<AuditEntry> audit = fixture.history.stream().flatMap(o -> o.audit().stream()).toList();
        // admit x2, deny, start, lower hand, mute, lock, unlock, kick, stop, end
        assertEquals(11, audit.size(), "every host action is audited once");
        for (AuditEntry entry : audit) {
            Decoded<AuditEntry> decoded = Codecs.AUDIT_LOG.decode(Codecs.AUDIT_LOG.encode(entry));
            assertEquals(entry, assertInstanceOf(Decoded.Ok.class, decoded).value());
        }
    }

    @Test
    void theMeetingStartsFirstEndsLastAndEverySessionIsClosedByParticipantLeft() {
        List<MeetingEvent> events = aWholeMeeting();

        assertInstanceOf(MeetingStarted.class, events.get(0).getPayload());
        assertInstanceOf(MeetingEnded.class, events.get(events.size() - 1).getPayload());
        List<String> open = new ArrayList<>();
        for (MeetingEvent event : events) {
            if (event.getPayload() instanceof ParticipantJoined joined) {
                open.add(joined.getParticipantId());
            } else if (event.getPayload() instanceof ParticipantLeft left) {
                open.remove(left.getParticipantId());
            }
        }
        assertEquals(List.of(), open, "sessions never closed");
    }
}
