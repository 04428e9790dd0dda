package io.confab.core.signaling.room;

import io.confab.core.mediaplane.MediaCommand;

import static io.confab.core.signaling.room.RoomFixture.assertContains;
import static io.confab.core.signaling.room.RoomFixture.assertNothingTo;
import static io.confab.core.signaling.room.RoomFixture.assertRefused;
import static io.confab.core.signaling.room.RoomFixture.guest;
import static io.confab.core.signaling.room.RoomFixture.host;
import static io.confab.core.signaling.room.RoomFixture.onlyAudit;
import static io.confab.core.signaling.room.RoomFixture.onlyMessageTo;
import static io.confab.core.signaling.room.RoomFixture.participant;
import static io.confab.core.signaling.room.RoomFixture.payload;
import static io.confab.core.signaling.room.RoomFixture.payloads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.core.signaling.protocol.ClientMessage;
import io.confab.core.signaling.protocol.ErrorCode;
import io.confab.core.signaling.protocol.ParticipantId;
import io.confab.core.signaling.protocol.ServerMessage;
import io.confab.storage.events.AuditOutcome;
import io.confab.storage.events.HandLowered;
import io.confab.storage.events.LeaveReason;
import io.confab.storage.events.MediaKind;
import io.confab.storage.events.MuteChanged;
import io.confab.storage.events.ParticipantJoined;
import io.confab.storage.events.ParticipantKicked;
import io.confab.storage.events.ParticipantLeft;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Mute, kick and lowering hands by a host. Recording: {@link RecordingTest}; lock: {@link WaitingRoomAndLockTest}. */
class HostControlsTest {

    private final RoomFixture fixture = new RoomFixture();
    private final Identity alice = host("alice");
    private final Identity bob = guest("bob");
    private final Identity carol = participant("carol");

    @BeforeEach
    void threeInTheMeeting() {
        fixture.join(alice);
        fixture.join(bob);
        fixture.join(carol);
    }

    @Test
    void hostMuteIsAnnouncedToEveryoneEnforcedAtTheSfuAndAudited() {
        Outcome outcome = fixture.send(alice, new ClientMessage.Mute(MediaKind.AUDIO, bob.participantId()));

        assertEquals(List.of(MuteChanged.class), payloads(outcome));
        MuteChanged event = payload(outcome, 0, MuteChanged.class);
        assertEquals("p-bob", event.getParticipantId());
        assertTrue(event.getMuted());
        assertTrue(event.getByHost());
        assertEquals("p-alice", outcome.events().get(0).getActorParticipantId());
        ServerMessage.Muted notice = new ServerMessage.Muted(bob.participantId(), MediaKind.AUDIO, alice.participantId());
        assertEquals(List.of(notice), outcome.messagesTo(bob.participantId()));
        assertEquals(List.of(notice), outcome.messagesTo(carol.participantId()));
        assertEquals(List.of(new MediaCommand.SetMuted(bob.participantId(), MediaKind.AUDIO, true)), outcome.media());
        assertEquals("meeting.mute_participant", onlyAudit(outcome).getAction());
        assertTrue(fixture.room.presence().get(1).audioMuted());
    }

    @Test
    void participantMutedByAHostMayUnmuteThemself() {
        fixture.send(alice, new ClientMessage.Mute(MediaKind.AUDIO, bob.participantId()));
        Outcome outcome = fixture.send(bob, new ClientMessage.Unmute(MediaKind.AUDIO, null));

        MuteChanged event = payload(outcome, 0, MuteChanged.class);
        assertFalse(event.getMuted());
        assertFalse(event.getByHost());
        assertEquals(new ServerMessage.Unmuted(bob.participantId(), MediaKind.AUDIO),
                onlyMessageTo(outcome, alice, ServerMessage.Unmuted.class));
        assertEquals(List.of(), outcome.audit(), "acting on oneself is not a host action");
    }

    @Test
    void hostUnmuteOfSomeoneElseOnlyAsksThem() {
        fixture.send(bob, new ClientMessage.Mute(MediaKind.AUDIO, null));
        Outcome outcome = fixture.send(alice, new ClientMessage.Unmute(MediaKind.AUDIO, bob.participantId()));

        assertEquals(new ServerMessage.UnmuteRequested(MediaKind.AUDIO, alice.participantId()),
                onlyMessageTo(outcome, bob, ServerMessage.UnmuteRequested.class));
        assertNothingTo(outcome, carol);
        assertEquals(List.of(), outcome.events(), "nothing changed until bob acts");
        assertTrue(fixture.room.presence().get(1).audioMuted());
        assertEquals("meeting.request_unmute", onlyAudit(outcome).getAction());
    }

    @Test
    void hostMayStopSomeonesVideo() {
        Outcome outcome = fixture.send(alice, new ClientMessage.Mute(MediaKind.VIDEO, carol.participantId()));
        assertEquals(MediaKind.VIDEO, payload(outcome, 0, MuteChanged.class).getKind());
        assertTrue(fixture.room.presence().get(2).videoMuted());
    }

    @Test
    void mutingWhatIsAlreadyMutedChangesNothing() {
        fixture.send(bob, new ClientMessage.Mute(MediaKind.AUDIO, null));
        Outcome outcome = fixture.send(bob, new ClientMessage.Mute(MediaKind.AUDIO, bob.participantId()));

        assertEquals(List.of(), outcome.events());
        assertEquals(List.of(), outcome.deliveries());
    }

    @Test
    void mutingSomeoneNotInTheMeetingIsUnknownParticipant() {
        Outcome outcome = fixture.send(alice, new ClientMessage.Mute(MediaKind.AUDIO, new ParticipantId("p-ghost")));

        assertContains(assertRefused(outcome, alice, ErrorCode.UNKNOWN_PARTICIPANT).message(), "p-ghost");
        assertEquals(AuditOutcome.FAILED, onlyAudit(outcome).getOutcome());
    }

    @Test
    void kickedParticipantSeesWhyTheirConnectionClosesAndEventsAreKickedThenLeft() {
        Outcome outcome = fixture.send(alice, new ClientMessage.KickParticipant(bob.participantId(), "please stop"));

        assertEquals(new ServerMessage.Kicked("please stop", alice.participantId()),
                onlyMessageTo(outcome, bob, ServerMessage.Kicked.class));
        assertEquals(List.of(bob.participantId()), outcome.closeConnections());
        assertEquals(List.of(ParticipantKicked.class, ParticipantLeft.class), payloads(outcome));
        ParticipantKicked kicked = payload(outcome, 0, ParticipantKicked.class);
        assertEquals("p-bob", kicked.getParticipantId());
        assertEquals("p-alice", kicked.getBy());
        assertEquals("please stop", kicked.getReason());
        assertEquals(LeaveReason.KICKED, payload(outcome, 1, ParticipantLeft.class).getReason());
        assertEquals(new ServerMessage.ParticipantLeft(bob.participantId(), LeaveReason.KICKED),
                onlyMessageTo(outcome, carol, ServerMessage.ParticipantLeft.class));
        assertEquals(List.of(new MediaCommand.Disconnect(bob.participantId())), outcome.media());
        assertEquals("meeting.kick_participant", onlyAudit(outcome).getAction());
        assertEquals("please stop", onlyAudit(outcome).getDetail());
        assertFalse(fixture.room.contains(bob.participantId()));
    }

    @Test
    void kickedConnectionClosingAfterwardsAddsNoSecondLeft() {
        fixture.send(alice, new ClientMessage.KickParticipant(bob.participantId(), null));
        assertEquals(List.of(), fixture.disconnect(bob).events());
    }

    @Test
    void kickedSignedInUserMayNotRejoinButANewGuestMay() {
        fixture.send(alice, new ClientMessage.KickParticipant(carol.participantId(), null));

        Identity carolAgain = new Identity(new ParticipantId("p-carol-2"), "u-carol", "acct-1",
                carol.role(), "carol", null);
        Outcome rejoin = fixture.join(carolAgain);
        assertEquals(ErrorCode.REMOVED, onlyMessageTo(rejoin, carolAgain, ServerMessage.ErrorReply.class).code());
        assertEquals(List.of(carolAgain.participantId()), rejoin.closeConnections());

        assertEquals(List.of(ParticipantJoined.class), payloads(fixture.join(guest("frank"))));
    }

    @Test
    void hostCannotKickThemself() {
        Outcome outcome = fixture.send(alice, new ClientMessage.KickParticipant(alice.participantId(), null));
        assertContains(assertRefused(outcome, alice, ErrorCode.CONFLICT).message(), "leave_meeting");
    }

    @Test
    void hostLowersSomeoneElsesHand() {
        fixture.send(bob, new ClientMessage.RaiseHand());
        Outcome outcome = fixture.send(alice, new ClientMessage.LowerHand(bob.participantId()));

        assertEquals(List.of(HandLowered.class), payloads(outcome));
        assertEquals("p-bob", payload(outcome, 0, HandLowered.class).getParticipantId());
        assertEquals("p-alice", outcome.events().get(0).getActorParticipantId());
        assertEquals(new ServerMessage.HandLowered(bob.participantId(), alice.participantId()),
                onlyMessageTo(outcome, carol, ServerMessage.HandLowered.class));
        assertEquals("meeting.lower_hand", onlyAudit(outcome).getAction());
        assertFalse(fixture.room.presence().get(1).handRaised());
    }

    @Test
    void auditEntriesNameTheSignedInHostAndTheirAddress() {
        Outcome outcome = fixture.send(alice, new ClientMessage.Mute(MediaKind.AUDIO, bob.participantId()));
        var audit = onlyAudit(outcome);
        assertEquals("u-alice", audit.getActor());
        assertEquals("participant:p-bob", audit.getTarget());
        assertEquals("192.0.2.10", audit.getSourceAddress());
        assertEquals(fixture.now(), audit.getOccurredAt());
        assertEquals("audio", audit.getDetail());
    }
}
