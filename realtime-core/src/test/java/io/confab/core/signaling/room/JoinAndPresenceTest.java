package io.confab.core.signaling.room;

import io.confab.core.meetings.MeetingSettings;
import io.confab.core.mediaplane.MediaCommand;
import io.confab.core.mediaplane.MediaNegotiation;

import static io.confab.core.signaling.room.RoomFixture.assertNothingTo;
import static io.confab.core.signaling.room.RoomFixture.assertRefused;
import static io.confab.core.signaling.room.RoomFixture.guest;
import static io.confab.core.signaling.room.RoomFixture.host;
import static io.confab.core.signaling.room.RoomFixture.messageTo;
import static io.confab.core.signaling.room.RoomFixture.onlyMessageTo;
import static io.confab.core.signaling.room.RoomFixture.participant;
import static io.confab.core.signaling.room.RoomFixture.payload;
import static io.confab.core.signaling.room.RoomFixture.payloads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.core.signaling.protocol.Answer;
import io.confab.core.signaling.protocol.ClientMessage;
import io.confab.core.signaling.protocol.ErrorCode;
import io.confab.core.signaling.protocol.IceCandidate;
import io.confab.core.signaling.protocol.Offer;
import io.confab.core.signaling.protocol.ParticipantId;
import io.confab.core.signaling.protocol.PresenceEntry;
import io.confab.core.signaling.protocol.ServerMessage;
import io.confab.storage.events.LeaveReason;
import io.confab.storage.events.MediaKind;
import io.confab.storage.events.MeetingStarted;
import io.confab.storage.events.ParticipantJoined;
import io.confab.storage.events.ParticipantLeft;
import io.confab.storage.events.ParticipantRole;
import java.util.List;
import org.junit.jupiter.api.Test;

class JoinAndPresenceTest {

    private final RoomFixture fixture = new RoomFixture();
    private final Identity alice = host("alice");
    private final Identity bob = guest("bob");
    private final Identity carol = participant("carol");

    @Test
    void firstJoinStartsTheMeetingAndAnswersWithJoined() {
        Outcome outcome = fixture.join(alice);

        assertEquals(List.of(MeetingStarted.class, ParticipantJoined.class), payloads(outcome));
        MeetingStarted started = payload(outcome, 0, MeetingStarted.class);
        assertEquals("Weekly sync", started.getTopic());
        assertEquals("u-alice", started.getHostUserId());
        ServerMessage.Joined joined = onlyMessageTo(outcome, alice, ServerMessage.Joined.class);
        assertEquals("join-alice", joined.requestId());
        assertEquals(ParticipantRole.HOST, joined.you().role());
        assertEquals(List.of(joined.you()), joined.participants());
        assertEquals("8512345678", joined.meeting().meetingId());
        assertFalse(joined.meeting().locked());
        assertFalse(joined.meeting().recording());
        assertEquals(RoomStatus.OPEN, outcome.status());
    }

    @Test
    void laterJoinerSeesEveryoneAndEveryoneElseHearsOfThem() {
        fixture.join(alice);
        Outcome outcome = fixture.join(bob);

        assertEquals(List.of(ParticipantJoined.class), payloads(outcome), "the meeting starts only once");
        ServerMessage.Joined joined = onlyMessageTo(outcome, bob, ServerMessage.Joined.class);
        assertEquals(List.of(alice.participantId(), bob.participantId()),
                joined.participants().stream().map(PresenceEntry::participantId).toList());
        ServerMessage.ParticipantJoined notice = onlyMessageTo(outcome, alice, ServerMessage.ParticipantJoined.class);
        assertEquals(new PresenceEntry(bob.participantId(), "bob", ParticipantRole.GUEST, false, false, false),
                notice.participant());
    }

    @Test
    void joinedEventDescribesTheParticipantForTranscriptsAndBilling() {
        fixture.join(alice);
        Outcome outcome = fixture.join(bob, new JoinRequest("j", false, true, "Chromium 140"));

        ParticipantJoined event = payload(outcome, 0, ParticipantJoined.class);
        assertEquals("p-bob", event.getParticipantId());
        assertNull(event.getUserId(), "guests have no user id");
        assertEquals("bob", event.getDisplayName());
        assertEquals(ParticipantRole.GUEST, event.getRole());
        assertFalse(event.getAudioMuted());
        assertTrue(event.getVideoMuted());
        assertEquals("Chromium 140", event.getClient());
        assertEquals("p-bob", outcome.events().get(0).getActorParticipantId());
    }

    @Test
    void muteOnEntryMutesParticipantsButNotHostsAndTellsTheSfu() {
        RoomFixture muted = new RoomFixture(MeetingSettings.OPEN.withMuteOnEntry(true));
        Outcome hostJoin = muted.join(alice);
        Outcome guestJoin = muted.join(bob);

        assertFalse(payload(hostJoin, 1, ParticipantJoined.class).getAudioMuted());
        assertTrue(payload(guestJoin, 0, ParticipantJoined.class).getAudioMuted());
        assertTrue(onlyMessageTo(guestJoin, bob, ServerMessage.Joined.class).you().audioMuted());
        assertEquals(List.of(new MediaCommand.Connect(bob.participantId(), bob.displayName()),
                new MediaCommand.SetMuted(bob.participantId(), MediaKind.AUDIO, true)), guestJoin.media());
    }

    @Test
    void leavingTellsTheOthersEmitsParticipantLeftAndClosesTheConnection() {
        fixture.join(alice);
        fixture.join(bob);
        Outcome outcome = fixture.send(bob, new ClientMessage.LeaveMeeting());

        assertEquals(List.of(ParticipantLeft.class), payloads(outcome));
        assertEquals(LeaveReason.LEFT, payload(outcome, 0, ParticipantLeft.class).getReason());
        assertEquals(new ServerMessage.ParticipantLeft(bob.participantId(), LeaveReason.LEFT),
                onlyMessageTo(outcome, alice, ServerMessage.ParticipantLeft.class));
        assertEquals(List.of(bob.participantId()), outcome.closeConnections());
        assertEquals(List.of(new MediaCommand.Disconnect(bob.participantId())), outcome.media());
        assertFalse(fixture.room.contains(bob.participantId()));
    }

    @Test
    void droppedConnectionIsParticipantLeftDisconnectedCausedByTheServer() {
        fixture.join(alice);
        fixture.join(bob);
        Outcome outcome = fixture.disconnect(bob);

        assertEquals(LeaveReason.DISCONNECTED, payload(outcome, 0, ParticipantLeft.class).getReason());
        assertNull(outcome.events().get(0).getActorParticipantId());
        assertEquals(List.of(), outcome.closeConnections(), "the connection is already gone");
    }

    @Test
    void disconnectOfSomeoneTheRoomNoLongerKnowsDoesNothing() {
        fixture.join(alice);
        fixture.join(bob);
        fixture.send(bob, new ClientMessage.LeaveMeeting());

        Outcome outcome = fixture.disconnect(bob);

        assertEquals(Outcome.none(RoomStatus.OPEN), outcome);
    }

    @Test
    void joinMeetingOnAJoinedConnectionIsAlreadyJoined() {
        fixture.join(alice);
        Outcome outcome = fixture.send(alice, new ClientMessage.JoinMeeting("8512345678", "alice", null, null, false, false));

        assertRefused(outcome, alice, ErrorCode.ALREADY_JOINED);
    }

    @Test
    void reusingAParticipantIdIsAProgrammingError() {
        fixture.join(alice);
        assertThrows(IllegalStateException.class, () -> fixture.join(alice));
    }

    @Test
    void pingIsAnsweredWithPongCarryingTheRequestIdAndServerTime() {
        fixture.join(alice);
        Outcome outcome = fixture.send(alice, new ClientMessage.Ping());

        ServerMessage.Pong pong = onlyMessageTo(outcome, alice, ServerMessage.Pong.class);
        assertTrue(pong.requestId().startsWith("req-"));
        assertEquals(fixture.now(), pong.serverTime());
        assertEquals(List.of(), outcome.events());
    }

    @Test
    void messageFromAConnectionThatNeverJoinedIsNotInMeeting() {
        fixture.join(alice);
        ServerMessage.ErrorReply error = assertRefused(fixture.send(bob, new ClientMessage.RaiseHand()), bob,
                ErrorCode.NOT_IN_MEETING);
        assertTrue(error.requestId().startsWith("req-"));
    }

    @Test
    void sdpAndIceFromAMemberGoToTheSfuAndToNoParticipant() {
        fixture.join(alice);
        fixture.join(bob);
        Offer offer = new Offer("v=0\r\n");
        IceCandidate candidate = new IceCandidate("candidate:1", "0", 0);

        Outcome offered = fixture.send(bob, offer);
        Outcome trickled = fixture.send(bob, candidate);

        // The SFU gets them in the media plane's own terms, not signaling's wire types.
        assertEquals(List.of(new MediaCommand.Negotiate(bob.participantId(), new MediaNegotiation.PublishOffer("v=0\r\n"))),
                offered.media());
        assertEquals(List.of(new MediaCommand.Negotiate(bob.participantId(), new MediaNegotiation.IceCandidate("candidate:1", "0", 0))),
                trickled.media());
        assertEquals(List.of(), offered.deliveries());
        assertEquals(List.of(), offered.events(), "negotiation is not a meeting state change");
    }

    @Test
    void sfuNegotiationReachesOnlyItsParticipantAndIsDroppedOnceTheyLeft() {
        fixture.join(alice);
        fixture.join(bob);
        Answer answer = new Answer("v=0\r\n");

        Outcome relayed = fixture.keep(fixture.room.relayFromMedia(bob.participantId(), answer));
        assertEquals(List.of(answer), relayed.messagesTo(bob.participantId()));
        assertNothingTo(relayed, alice);

        fixture.disconnect(bob);
        assertEquals(List.of(), fixture.room.relayFromMedia(bob.participantId(), answer).deliveries());
    }

    @Test
    void activeSpeakerChangeIsAnnouncedOnceWithOneEvent() {
        fixture.join(alice);
        fixture.join(bob);

        Outcome changed = fixture.keep(fixture.room.activeSpeakerChanged(bob.participantId(), RoomFixture.START));
        Outcome repeated = fixture.room.activeSpeakerChanged(bob.participantId(), RoomFixture.START);
        Outcome stranger = fixture.room.activeSpeakerChanged(new ParticipantId("p-nobody"), RoomFixture.START);

        assertEquals(List.of(io.confab.storage.events.ActiveSpeakerChanged.class), payloads(changed));
        assertNull(changed.events().get(0).getActorParticipantId(), "the server detected it");
        assertEquals(new ServerMessage.ActiveSpeaker(bob.participantId()),
                onlyMessageTo(changed, alice, ServerMessage.ActiveSpeaker.class));
        assertEquals(bob.participantId(), fixture.room.meetingState().activeSpeaker());
        assertEquals(List.of(), repeated.events());
        assertEquals(List.of(), stranger.events());
    }

    @Test
    void signedInParticipantKeepsTheirUserIdInEvents() {
        fixture.join(alice);
        Outcome outcome = fixture.join(carol);
        assertEquals("u-carol", payload(outcome, 0, ParticipantJoined.class).getUserId());
        assertEquals("u-carol", outcome.events().get(0).getActorUserId());
        assertEquals(ParticipantRole.PARTICIPANT, messageTo(outcome, carol, ServerMessage.Joined.class).you().role());
    }
}
