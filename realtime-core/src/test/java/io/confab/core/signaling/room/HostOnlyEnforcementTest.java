package io.confab.core.signaling.room;

import io.confab.core.meetings.MeetingSettings;
import io.confab.core.signaling.protocol.RecordingOptions;
import static io.confab.core.signaling.room.RoomFixture.assertContains;
import static io.confab.core.signaling.room.RoomFixture.assertRefused;
import static io.confab.core.signaling.room.RoomFixture.cohost;
import static io.confab.core.signaling.room.RoomFixture.guest;
import static io.confab.core.signaling.room.RoomFixture.host;
import static io.confab.core.signaling.room.RoomFixture.onlyAudit;
import static io.confab.core.signaling.room.RoomFixture.participant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.confab.core.signaling.protocol.ClientMessage;
import io.confab.core.signaling.protocol.ErrorCode;
import io.confab.storage.events.AuditEntry;
import io.confab.storage.events.AuditOutcome;
import io.confab.storage.events.MediaKind;
import io.confab.storage.events.ParticipantKicked;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every host control, sent by someone who may not use it, is refused with FORBIDDEN naming the action,
 * audited as DENIED, and changes nothing: the meeting goes on as before.
 */
class HostOnlyEnforcementTest {

    private final RoomFixture fixture = new RoomFixture(MeetingSettings.OPEN.withWaitingRoom(true));
    private final Identity alice = host("alice");
    private final Identity erin = cohost("erin");
    private final Identity carol = participant("carol");
    private final Identity bob = guest("bob");
    private final Identity dave = guest("dave");

    /** The message that uses each control, aimed at bob (in the meeting) or dave (waiting). */
    private final Map<HostAction, ClientMessage> attempts = new EnumMap<>(Map.ofEntries(
            Map.entry(HostAction.MUTE_PARTICIPANT, new ClientMessage.Mute(MediaKind.AUDIO, bob.participantId())),
            Map.entry(HostAction.REQUEST_UNMUTE, new ClientMessage.Unmute(MediaKind.VIDEO, bob.participantId())),
            Map.entry(HostAction.KICK_PARTICIPANT, new ClientMessage.KickParticipant(bob.participantId(), "bye")),
            Map.entry(HostAction.ADMIT, new ClientMessage.Admit(dave.participantId())),
            Map.entry(HostAction.DENY, new ClientMessage.Deny(dave.participantId())),
            Map.entry(HostAction.LOCK, new ClientMessage.LockMeeting()),
            Map.entry(HostAction.UNLOCK, new ClientMessage.UnlockMeeting()),
            Map.entry(HostAction.END_MEETING, new ClientMessage.EndMeeting()),
            Map.entry(HostAction.START_RECORDING, new ClientMessage.StartRecording(RecordingOptions.DEFAULTS)),
            Map.entry(HostAction.STOP_RECORDING, new ClientMessage.StopRecording()),
            Map.entry(HostAction.LOWER_HAND, new ClientMessage.LowerHand(bob.participantId()))));

    @BeforeEach
    void meetingWithSomeoneInEveryState() {
        fixture.join(alice);
        fixture.join(erin);
        fixture.join(carol);
        fixture.send(alice, new ClientMessage.Admit(carol.participantId()));
        fixture.join(bob);
        fixture.send(alice, new ClientMessage.Admit(bob.participantId()));
        fixture.send(bob, new ClientMessage.RaiseHand());
        fixture.send(bob, new ClientMessage.Mute(MediaKind.VIDEO, null));
        fixture.join(dave);
    }

    @ParameterizedTest
    @EnumSource(HostAction.class)
    void participantIsRefusedEveryHostActionWithForbiddenAndADeniedAuditAndNothingChanges(HostAction action) {
        assertRefusedWithoutChange(carol, action);
    }

    @Test
    void guestIsRefusedHostActionsToo() {
        assertRefusedWithoutChange(bob, HostAction.KICK_PARTICIPANT);
        assertRefusedWithoutChange(bob, HostAction.LOCK);
    }

    @Test
    void cohostMayNotEndTheMeetingForEveryone() {
        assertRefusedWithoutChange(erin, HostAction.END_MEETING);
    }

    @Test
    void cohostHoldsEveryOtherHostControl() {
        for (HostAction action : HostAction.values()) {
            assertEquals(action != HostAction.END_MEETING, action.permits(erin.role()), action::name);
        }
        Outcome kicked = fixture.send(erin, attempts.get(HostAction.KICK_PARTICIPANT));
        assertEquals(ParticipantKicked.class, kicked.events().get(0).getPayload().getClass());
    }

    @Test
    void cohostMayNotRemoveTheHost() {
        Outcome outcome = fixture.send(erin, new ClientMessage.KickParticipant(alice.participantId(), null));

        assertRefused(outcome, erin, ErrorCode.FORBIDDEN);
        assertEquals(AuditOutcome.DENIED, onlyAudit(outcome).getOutcome());
        assertEquals(4, fixture.room.presence().size());
    }

    @Test
    void theMeetingGoesOnForEveryoneAfterARefusal() {
        fixture.send(carol, new ClientMessage.EndMeeting());

        Outcome chat = fixture.send(bob, new ClientMessage.Chat("still here", null));

        assertEquals(RoomStatus.OPEN, chat.status());
        assertEquals(4, chat.deliveries().get(0).recipients().size());
    }

    private void assertRefusedWithoutChange(Identity sender, HostAction action) {
        ClientMessage attempt = attempts.get(action);
        assertNotNull(attempt, "no sample message for " + action);
        var presenceBefore = fixture.room.presence();
        var waitingBefore = fixture.room.waitingList();
        var stateBefore = fixture.room.meetingState();

        Outcome outcome = fixture.send(sender, attempt);

        assertContains(assertRefused(outcome, sender, ErrorCode.FORBIDDEN).message(), attempt.type());
        AuditEntry audit = onlyAudit(outcome);
        assertEquals(AuditOutcome.DENIED, audit.getOutcome());
        assertEquals(action.auditAction(), audit.getAction());
        assertEquals(sender.userId() != null ? sender.userId() : "guest:" + sender.participantId(), audit.getActor());
        assertEquals("acct-1", audit.getAccountId());
        assertEquals(sender.remoteAddress(), audit.getSourceAddress());
        assertEquals(presenceBefore, fixture.room.presence());
        assertEquals(waitingBefore, fixture.room.waitingList());
        assertEquals(stateBefore, fixture.room.meetingState());
        assertEquals(RoomStatus.OPEN, fixture.room.status());
        assertEquals(List.of(), outcome.closeConnections());
    }
}
