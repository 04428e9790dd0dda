package io.confab.core.signaling.transport;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InboundBacklogTest {

    @Test
    void aRoomOverItsShareIsRefusedWhileAnotherRoomStillGetsIn() {
        InboundBacklog backlog = new InboundBacklog(1_000, 10_000);
        AtomicLong loud = new AtomicLong();
        AtomicLong quiet = new AtomicLong();
        assertTrue(backlog.admit(loud, 600));
        assertFalse(backlog.admit(loud, 600), "1,200 bytes waiting would pass the room's 1,000");
        assertEquals(600, loud.get(), "a refusal takes nothing");
        assertTrue(backlog.admit(quiet, 600));
        assertEquals(1, backlog.refused());
        assertEquals(1_200, backlog.waitingBytes());
    }

    @Test
    void theNodeBoundHoldsAcrossRooms() {
        InboundBacklog backlog = new InboundBacklog(1_000, 2_500);
        AtomicLong a = new AtomicLong();
        AtomicLong b = new AtomicLong();
        AtomicLong c = new AtomicLong();
        assertTrue(backlog.admit(a, 1_000));
        assertTrue(backlog.admit(b, 1_000));
        assertFalse(backlog.admit(c, 1_000), "3,000 bytes on the node would pass its 2,500");
        assertEquals(0, c.get(), "the room's share is given back when the node refuses");
        assertEquals(2_000, backlog.waitingBytes());
    }

    @Test
    void handledFramesMakeRoomAgain() {
        InboundBacklog backlog = new InboundBacklog(1_000, 2_000);
        AtomicLong room = new AtomicLong();
        assertTrue(backlog.admit(room, 1_000));
        assertFalse(backlog.admit(room, 1));
        backlog.handled(room, 1_000);
        assertEquals(0, room.get());
        assertEquals(0, backlog.waitingBytes());
        assertTrue(backlog.admit(room, 1_000));
    }

    @Test
    void aFrameWeighsItsCharsAndItsWrapping() {
        assertEquals(2 * 100 + 256, InboundBacklog.weigh("x".repeat(100)));
    }

    @Test
    void limitsThatCannotWorkAreRefusedWithBothNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new InboundBacklog(2_000, 1_000));
        assertTrue(e.getMessage().contains("room 2000") && e.getMessage().contains("node 1000"), e.getMessage());
    }
}
