package io.confab.core.signaling.room;

import static io.confab.core.signaling.room.RoomFixture.assertNothingTo;
import static io.confab.core.signaling.room.RoomFixture.assertRefused;
import static io.confab.core.signaling.room.RoomFixture.guest;
import static io.confab.core.signaling.room.RoomFixture.host;
import static io.confab.core.signaling.room.RoomFixture.onlyMessageTo;
import static io.confab.core.signaling.room.RoomFixture.participant;
import static io.confab.core.signaling.room.RoomFixture.payload;
import static io.confab.core.signaling.room.RoomFixture.payloads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.core.signaling.protocol.ClientMessage;
import io.confab.core.signaling.protocol.ErrorCode;
import io.confab.core.signaling.protocol.ParticipantId;
import io.confab.core.signaling.protocol.ServerMessage;
import io.confab.storage.events.ChatMessage;
import io.confab.storage.events.HandLowered;
import io.confab.storage.events.HandRaised;
import io.confab.storage.events.Reaction;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChatHandsReactionsTest {

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
    void chatToEveryoneReachesEveryoneIncludingTheSenderWithTheServersIdAndTime() {
        Outcome outcome = fixture.send(bob, new ClientMessage.Chat("hello all", null));

        ServerMessage.Chat line = onlyMessageTo(outcome, alice, ServerMessage.Chat.class);
        assertEquals(line, onlyMessageTo(outcome, bob, ServerMessage.Chat.class));
        assertEquals(line, onlyMessageTo(outcome, carol, ServerMessage.Chat.class));
        assertEquals(bob.participantId(), line.from());
        assertEquals("bob", line.fromName());
        assertNull(line.to());
        assertEquals(fixture.now(), line.sentAt());
        ChatMessage event = payload(outcome, 0, ChatMessage.class);
        assertEquals(line.messageId(), event.getMessageId());
        assertEquals("bob", event.getFromDisplayName());
        assertNull(event.getTo());
        assertEquals("hello all", event.getText());
    }

    @Test
    void privateChatReachesOnlyTheRecipientAndTheSender() {
        Outcome outcome = fixture.send(bob, new ClientMessage.Chat("psst", carol.participantId()));

        ServerMessage.Chat line = onlyMessageTo(outcome, carol, ServerMessage.Chat.class);
        assertEquals(line, onlyMessageTo(outcome, bob, ServerMessage.Chat.class));
        assertEquals(carol.participantId(), line.to());
        assertNothingTo(outcome, alice);
        assertEquals("p-carol", payload(outcome, 0, ChatMessage.class).getTo());
    }

    @Test
    void privateChatToSomeoneNotInTheMeetingIsUnknownParticipant() {
        assertRefused(fixture.send(bob, new ClientMessage.Chat("hi", new ParticipantId("p-ghost"))), bob,
                ErrorCode.UNKNOWN_PARTICIPANT);
    }

    @Test
    void privateChatToYourselfIsInvalid() {
        assertRefused(fixture.send(bob, new ClientMessage.Chat("hi me", bob.participantId())), bob,
                ErrorCode.INVALID_FIELD);
    }

    @Test
    void raisedHandIsSeenByEveryoneAndInThePresenceList() {
        Outcome outcome = fixture.send(carol, new ClientMessage.RaiseHand());

        assertEquals(List.of(HandRaised.class), payloads(outcome));
        assertEquals("p-carol", payload(outcome, 0, HandRaised.class).getParticipantId());
        assertEquals(new ServerMessage.HandRaised(carol.participantId()),
                onlyMessageTo(outcome, alice, ServerMessage.HandRaised.class));
        assertTrue(fixture.room.presence().get(2).handRaised());
    }

    @Test
    void raisingARaisedHandChangesNothing() {
        fixture.send(carol, new ClientMessage.RaiseHand());
        Outcome again = fixture.send(carol, new ClientMessage.RaiseHand());

        assertEquals(List.of(), again.events());
        assertEquals(List.of(), again.deliveries());
    }

    @Test
    void loweringYourOwnHandNeedsNoHost() {
        fixture.send(carol, new ClientMessage.RaiseHand());
        Outcome outcome = fixture.send(carol, new ClientMessage.LowerHand(null));

        assertEquals(List.of(HandLowered.class), payloads(outcome));
        assertEquals(new ServerMessage.HandLowered(carol.participantId(), null),
                onlyMessageTo(outcome, bob, ServerMessage.HandLowered.class));
        assertEquals(List.of(), outcome.audit());
        assertFalse(fixture.room.presence().get(2).handRaised());
    }

    @Test
    void reactionIsShownToEveryoneAndRecorded() {
        Outcome outcome = fixture.send(bob, new ClientMessage.Reaction("\uD83C\uDF89"));

        assertEquals(List.of(Reaction.class), payloads(outcome));
        assertEquals("\uD83C\uDF89", payload(outcome, 0, Reaction.class).getEmoji());
        assertEquals(new ServerMessage.Reaction(bob.participantId(), "\uD83C\uDF89"),
                onlyMessageTo(outcome, carol, ServerMessage.Reaction.class));
        assertEquals(3, outcome.deliveries().get(0).recipients().size());
    }
}
