package io.confab.core.signaling.room;

import io.confab.core.meetings.MeetingSettings;
import static io.confab.core.signaling.room.RoomFixture.guest;
import static io.confab.core.signaling.room.RoomFixture.host;
import static io.confab.core.signaling.room.RoomFixture.onlyMessageTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.core.signaling.protocol.ClientMessage;
import io.confab.core.signaling.protocol.ErrorCode;
import io.confab.core.signaling.protocol.ServerMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One joiner, or a script with many guest tickets, cannot exhaust a meeting (issue 18 item 5). */
class RoomLimitsTest {

    private final Identity alice = host("alice");

    @Test
    void aFullMeetingRefusesTheNextGuestWithMeetingFullAndClosesTheirConnection() {
        RoomFixture fixture = new RoomFixture(MeetingSettings.OPEN, new RoomLimits(3, 10));
        fixture.join(alice);
        fixture.join(guest("g1"));
        fixture.join(guest("g2"));

        Identity late = guest("g3");
        Outcome refused = fixture.join(late);

        ServerMessage.ErrorReply error = onlyMessageTo(refused, late, ServerMessage.ErrorReply.class);
        assertEquals(ErrorCode.MEETING_FULL, error.code());
        assertEquals("the meeting is full: it has its limit of 3 participants", error.message());
        assertEquals(List.of(late.participantId()), refused.closeConnections());
        assertEquals(List.of(), refused.events());
        assertFalse(fixture.room.contains(late.participantId()));
    }

    @Test
    void aHostStillGetsIntoAFullMeeting() {
        RoomFixture fixture = new RoomFixture(MeetingSettings.OPEN, new RoomLimits(2, 10));
        fixture.join(guest("g1"));
        fixture.join(guest("g2"));
        fixture.join(alice);
        assertTrue(fixture.room.contains(alice.participantId()), "a flood of guests must not keep the host out");
    }

    @Test
    void aFullWaitingRoomRefusesWithWaitingRoomFull() {
        RoomFixture fixture = new RoomFixture(MeetingSettings.OPEN.withWaitingRoom(true), new RoomLimits(10, 2));
        fixture.join(alice);
        fixture.join(guest("w1"));
        fixture.join(guest("w2"));

        Identity third = guest("w3");
        Outcome refused = fixture.join(third);

        ServerMessage.ErrorReply error = onlyMessageTo(refused, third, ServerMessage.ErrorReply.class);
        assertEquals(ErrorCode.WAITING_ROOM_FULL, error.code());
        assertTrue(error.message().startsWith("the waiting room is full: 2 people are already waiting"), error.message());
        assertEquals(List.of(third.participantId()), refused.closeConnections());
        assertFalse(fixture.room.contains(third.participantId()));
    }

    @Test
    void admittingIntoAFullMeetingTellsTheHostAndKeepsTheWaiterWaiting() {
        RoomFixture fixture = new RoomFixture(MeetingSettings.OPEN.withWaitingRoom(true), new RoomLimits(1, 10));
        fixture.join(alice);
        Identity waiter = guest("w1");
        fixture.join(waiter);

        Outcome admit = fixture.send(alice, new ClientMessage.Admit(waiter.participantId()));

        assertEquals(ErrorCode.MEETING_FULL, onlyMessageTo(admit, alice, ServerMessage.ErrorReply.class).code());
        assertTrue(fixture.room.contains(waiter.participantId()), "still in the waiting room");
        assertEquals(List.of(), admit.closeConnections());
    }
}
