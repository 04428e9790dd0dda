package io.confab.core.sfu.rtp;

import io.confab.core.wire.NetworkOrder;
import static io.confab.core.sfu.rtp.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Sent packets kept by outgoing sequence number to answer NACKs (RFC 4585 §6.2.1). */
class PacketHistoryTest {
    private static final long MS = 1_000_000L;
    private final PacketHistory history = new PacketHistory(8, 32, 1000 * MS);
    private final byte[] target = new byte[40];

    private static byte[] packetWithSeq(int sequenceNumber) {
        byte[] bytes = hex("80 60 0000 00000001 00000002 aabb");
        RtpHeaderWriter.setSequenceNumber(bytes, 0, sequenceNumber);
        return bytes;
    }

    @Test
    void answersWithACopyOfWhatWasSent() {
        byte[] sent = packetWithSeq(1000);
        assertTrue(history.store(1000, sent, 0, sent.length, 0));
        sent[12] = 0; // the sender's buffer is reused; the history kept its own copy
        assertEquals(14, history.copy(1000, 5 * MS, target, 3));
        assertArrayEquals(packetWithSeq(1000), Arrays.copyOfRange(target, 3, 17));
        assertEquals(1, history.hits());
    }

    @Test
    void storesAParsedPacketUnderItsSequenceNumber() {
        RtpPacket packet = new RtpPacket();
        byte[] framed = new byte[20];
        System.arraycopy(packetWithSeq(77), 0, framed, 4, 14);
        packet.parse(framed, 4, 14);
        assertTrue(history.store(packet, 0));
        assertEquals(14, history.copy(77, 0, target, 0));
        assertEquals((byte) 0xAA, target[12]);
    }

    @Test
    void forgetsPacketsOverwrittenByNewerOnesOrTooOld() {
        for (int seq = 65530; seq < 65530 + 10; seq++) {
            byte[] sent = packetWithSeq(seq & 0xFFFF);
            history.store(seq & 0xFFFF, sent, 0, sent.length, 0);
        }
        // Capacity 8: of 65530..65539 (wrapping to 3) the first two were overwritten.
        assertEquals(PacketHistory.NOT_FOUND, history.copy(65530, 0, target, 0));
        assertEquals(PacketHistory.NOT_FOUND, history.copy(65531, 0, target, 0));
        assertEquals(14, history.copy(65532, 0, target, 0));
        assertEquals(14, history.copy(3, 0, target, 0));
        assertEquals(3, NetworkOrder.readShort(target, 2));
        assertEquals(PacketHistory.NOT_FOUND, history.copy(3, 1001 * MS, target, 0));
        assertEquals(PacketHistory.NOT_FOUND, history.copy(500, 0, target, 0));
        assertEquals(4, history.misses());
    }

    @Test
    void theRingGrowsOnlyAsFarAsTheAgeLimitNeeds() {
        PacketHistory growing = new PacketHistory(1024, 32, 1000 * MS);
        assertEquals(16, growing.capacity());
        // A thumbnail: 30 packets a second, so a second of history is 30 packets.
        for (int seq = 0; seq < 300; seq++) {
            byte[] sent = packetWithSeq(seq);
            assertTrue(growing.store(seq, sent, 0, sent.length, seq * 33 * MS));
        }
        assertEquals(32, growing.capacity(), "a second of a 30-packet/s stream fits 32 slots");
        long now = 299 * 33 * MS;
        assertEquals(14, growing.copy(299 - 29, now, target, 0), "the packet sent 29 packets ago is still held");
        assertEquals(299 - 29, NetworkOrder.readShort(target, 2));

        // A burst (a key frame): 200 packets within a millisecond each, all young enough to keep.
        for (int seq = 300; seq < 500; seq++) {
            byte[] sent = packetWithSeq(seq);
            growing.store(seq, sent, 0, sent.length, now + (seq - 300) * MS);
        }
        assertEquals(256, growing.capacity());
        for (int seq = 300; seq < 500; seq++) {
            assertEquals(14, growing.copy(seq, now + 200 * MS, target, 0), "seq " + seq + " survives the growth");
            assertEquals(seq, NetworkOrder.readShort(target, 2));
        }
        assertEquals(1024, growing.maxCapacity());
    }

    @Test
    void refusesPacketsLargerThanItsSlotsAndEmptyOnes() {
        assertFalse(history.store(1, new byte[33], 0, 33, 0));
        assertFalse(history.store(1, new byte[33], 0, 0, 0));
        assertEquals(2, history.refused());
        assertEquals(PacketHistory.NOT_FOUND, history.copy(1, 0, target, 0));
    }

    @Test
    void aReservedSlotAnswersWithWhatTheCallerWroteIntoIt() {
        byte[] sent = packetWithSeq(2000);
        byte[] slot = history.reserve(2000, sent.length, 0);
        System.arraycopy(sent, 0, slot, 0, sent.length);

        assertEquals(14, history.copy(2000, 5 * MS, target, 0));
        assertArrayEquals(sent, Arrays.copyOf(target, 14));
        assertEquals(1, history.stored());
        assertEquals(null, history.reserve(2001, 33, 0), "larger than a slot");
        assertEquals(null, history.reserve(2001, 0, 0), "empty");
        assertEquals(2, history.refused());
    }

    @Test
    void aReservationThatGrowsTheRingStillLandsInTheSlotCopyReads() {
        PacketHistory growing = new PacketHistory(64, 32, 1000 * MS);
        for (int sequence = 0; sequence < 40; sequence++) {
            byte[] sent = packetWithSeq(sequence);
            System.arraycopy(sent, 0, growing.reserve(sequence, sent.length, sequence * MS), 0, sent.length);
        }

        assertEquals(64, growing.capacity(), "grew past the first 16 slots while every packet was young");
        for (int sequence = 0; sequence < 40; sequence++) {
            assertEquals(14, growing.copy(sequence, 50 * MS, target, 0), "sequence " + sequence);
            assertArrayEquals(packetWithSeq(sequence), Arrays.copyOf(target, 14), "sequence " + sequence);
        }
    }

    @Test
    void refusesAShapeThatCannotBeIndexedBySequenceNumber() {
        assertThrows(IllegalArgumentException.class, () -> new PacketHistory(500, 1500, 1));
        assertThrows(IllegalArgumentException.class, () -> new PacketHistory(65536, 1500, 1));
        assertThrows(IllegalArgumentException.class, () -> history.copy(1, 0, new byte[31], 0));
    }
}
