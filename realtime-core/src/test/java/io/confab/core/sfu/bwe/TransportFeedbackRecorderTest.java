package io.confab.core.sfu.bwe;

import io.confab.core.sfu.rtcp.RtcpCompound;
import io.confab.core.sfu.rtcp.RtcpParser;
import io.confab.core.sfu.rtcp.RtcpWriter;
import io.confab.core.sfu.rtcp.TransportFeedback;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The receive side of transport-cc: what arrived, in sequence order, with 250 µs deltas. */
class TransportFeedbackRecorderTest {

    private static final long MS = 1_000_000L;
    private static final long BASE = 5_000 * MS;

    private static TransportFeedbackRecorder recorder() {
        return new TransportFeedbackRecorder(64, 0x11223344, BASE);
    }

    /** The feedback as the publisher reads it: written and parsed back, so the codec's rounding counts. */
    private static TransportFeedback onTheWire(TransportFeedback feedback) {
        byte[] bytes = new byte[RtcpWriter.length(feedback)];
        RtcpWriter.write(feedback, bytes, 0);
        RtcpCompound compound = assertInstanceOf(RtcpCompound.class, RtcpParser.parse(bytes));
        return (TransportFeedback) compound.packets().get(0);
    }

    @Test
    void reportsEachArrivalWithDeltasFromTheReferenceTime() {
        TransportFeedbackRecorder recorder = recorder();
        recorder.onPacket(10, BASE + 130 * MS);
        recorder.onPacket(11, BASE + 131 * MS);
        recorder.onPacket(13, BASE + 140 * MS);
        List<TransportFeedback> all = recorder.collect(0x55667788);
        assertEquals(1, all.size());
        TransportFeedback feedback = onTheWire(all.get(0));
        assertEquals(10, feedback.baseSequenceNumber());
        assertEquals(2, feedback.referenceTime(), "130 ms is two whole 64 ms ticks");
        assertEquals(0, feedback.feedbackPacketCount());
        assertEquals(List.of(TransportFeedback.PacketStatus.received(10, 2_000),
                TransportFeedback.PacketStatus.received(11, 1_000),
                TransportFeedback.PacketStatus.lost(12),
                TransportFeedback.PacketStatus.received(13, 9_000)), feedback.packets());
        assertFalse(recorder.hasPending());
        assertTrue(recorder.collect(0).isEmpty(), "nothing new, nothing sent");
    }

    @Test
    void extendsSequenceNumbersAcrossTheWrap() {
        TransportFeedbackRecorder recorder = recorder();
        recorder.onPacket(65534, BASE + 10 * MS);
        recorder.onPacket(65535, BASE + 11 * MS);
        recorder.onPacket(0, BASE + 12 * MS);
        recorder.onPacket(1, BASE + 13 * MS);
        TransportFeedback feedback = onTheWire(recorder.collect(0).get(0));
        assertEquals(65534, feedback.baseSequenceNumber());
        assertEquals(List.of(65534, 65535, 0, 1), feedback.packets().stream().map(TransportFeedback.PacketStatus::sequenceNumber).toList());
        assertTrue(feedback.packets().stream().allMatch(TransportFeedback.PacketStatus::received));

        recorder.onPacket(2, BASE + 20 * MS);
        TransportFeedback next = onTheWire(recorder.collect(0).get(0));
        assertEquals(2, next.baseSequenceNumber(), "the next feedback starts after the wrapped one");
        assertEquals(1, next.feedbackPacketCount());
    }

    @Test
    void reportsReorderedPacketsInSequenceOrderWithANegativeDelta() {
        TransportFeedbackRecorder recorder = recorder();
        recorder.onPacket(100, BASE + 10 * MS);
        recorder.onPacket(102, BASE + 12 * MS);
        recorder.onPacket(101, BASE + 13 * MS);
        TransportFeedback feedback = onTheWire(recorder.collect(0).get(0));
        assertEquals(List.of(TransportFeedback.PacketStatus.received(100, 10_000),
                TransportFeedback.PacketStatus.received(101, 3_000),
                TransportFeedback.PacketStatus.received(102, -1_000)), feedback.packets());
    }

    @Test
    void dropsAndCountsPacketsThatArriveAfterTheirFeedbackAndDuplicates() {
        TransportFeedbackRecorder recorder = recorder();
        recorder.onPacket(7, BASE + 10 * MS);
        recorder.onPacket(9, BASE + 11 * MS);
        TransportFeedback first = recorder.collect(0).get(0);
        assertFalse(first.packets().get(1).received(), "8 was lost when the feedback went");
        recorder.onPacket(8, BASE + 30 * MS);
        recorder.onPacket(10, BASE + 31 * MS);
        recorder.onPacket(10, BASE + 32 * MS);
        assertEquals(1, recorder.late());
        assertEquals(1, recorder.duplicates());
        TransportFeedback second = recorder.collect(0).get(0);
        assertEquals(10, second.baseSequenceNumber());
        assertEquals(1, second.packets().size());
    }

    @Test
    void neverEndsAFeedbackOnLostPackets() {
        TransportFeedbackRecorder big = new TransportFeedbackRecorder(4096, 1, BASE);
        for (int i = 0; i < 1000; i += 2) {
            big.onPacket(i, BASE + i * MS);
        }
        List<TransportFeedback> all = big.collect(0);
        assertEquals(3, all.size(), "1000 sequence numbers, at most 400 statuses each");
        int next = 0;
        for (TransportFeedback feedback : all) {
            assertEquals(next, feedback.baseSequenceNumber(), "feedbacks follow each other without gaps");
            assertTrue(feedback.packets().get(feedback.packets().size() - 1).received());
            next = (feedback.baseSequenceNumber() + feedback.packets().size()) & 0xFFFF;
            onTheWire(feedback);
        }
        assertEquals(999, next);
    }

    @Test
    void startsANewFeedbackWhenAGapOutgrowsTheSixteenBitDelta() {
        TransportFeedbackRecorder recorder = recorder();
        recorder.onPacket(1, BASE + 10 * MS);
        recorder.onPacket(2, BASE + 9_000 * MS);
        List<TransportFeedback> all = recorder.collect(0);
        assertEquals(2, all.size(), "9 s exceeds 32767 ticks of 250 µs");
        assertEquals(140, onTheWire(all.get(1)).referenceTime(), "9000 ms in 64 ms ticks");
    }

    @Test
    void givesUpTheOldestWhenMoreThanTheRingWaits() {
        TransportFeedbackRecorder recorder = recorder();
        for (int i = 0; i < 100; i++) {
            recorder.onPacket(i, BASE + i * MS);
        }
        assertEquals(36, recorder.overwritten());
        TransportFeedback feedback = recorder.collect(0).get(0);
        assertEquals(36, feedback.baseSequenceNumber());
        assertEquals(64, feedback.packets().size());
    }
}
