package io.confab.core.sfu.rtp;

import static io.confab.core.sfu.rtp.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.core.sfu.rtp.RtpStreamRewriter.Verdict;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** One outgoing stream stays continuous while simulcast layers or senders take turns feeding it. */
class RtpStreamRewriterTest {
    private static final int OUT = 0x0A0A0A0A;
    private static final int LOW = 1;
    private static final int HIGH = 2;
    private static final int VIDEO_CLOCK = 90_000;
    private static final long MS = 1_000_000L;

    private final RtpStreamRewriter rewriter = new RtpStreamRewriter(OUT, VIDEO_CLOCK);

    private void forward(int source, int sequenceNumber, long timestamp, long now, int expectedSeq, long expectedTs) {
        assertEquals(Verdict.FORWARD, rewriter.map(source, sequenceNumber, timestamp, now));
        assertEquals(expectedSeq, rewriter.outgoingSequenceNumber(), "outgoing sequence number of " + sequenceNumber);
        assertEquals(expectedTs, rewriter.outgoingTimestamp(), "outgoing timestamp of " + sequenceNumber);
    }

    @Test
    void theFirstSourcePassesThroughWithItsGaps() {
        forward(LOW, 100, 9000, 0, 100, 9000);
        forward(LOW, 101, 9000, MS, 101, 9000);
        forward(LOW, 104, 12000, 33 * MS, 104, 12000);
        assertFalse(rewriter.switchedOnLastPacket());
        assertEquals(0, rewriter.switches());
    }

    @Test
    void sequenceAndTimestampWrapWithinOneSource() {
        forward(LOW, 65534, 0xFFFF_FFFFL - 1000, 0, 65534, 0xFFFF_FFFFL - 1000);
        forward(LOW, 65535, 0xFFFF_FFFFL - 1000, 0, 65535, 0xFFFF_FFFFL - 1000);
        forward(LOW, 0, 2000, 33 * MS, 0, 2000);
        forward(LOW, 1, 2000, 33 * MS, 1, 2000);
    }

    @Test
    void aSwitchContinuesSequenceByOneAndTimestampByElapsedWallClock() {
        forward(LOW, 100, 1000, 0, 100, 1000);
        forward(LOW, 101, 4000, 33 * MS, 101, 4000);
        // The high layer has its own numbering; 50 ms later at 90 kHz is 4500 ticks.
        forward(HIGH, 7000, 555_555, 83 * MS, 102, 8500);
        assertTrue(rewriter.switchedOnLastPacket());
        assertEquals(HIGH, rewriter.currentSource());
        forward(HIGH, 7001, 555_555, 84 * MS, 103, 8500);
        forward(HIGH, 7003, 558_555, 117 * MS, 105, 11500); // its own gap is kept
        assertFalse(rewriter.switchedOnLastPacket());
        assertEquals(1, rewriter.switches());
    }

    @Test
    void aSwitchWithNoTimeElapsedStillAdvancesTheTimestamp() {
        forward(LOW, 10, 50, 5 * MS, 10, 50);
        forward(HIGH, 300, 1_000_000, 5 * MS, 11, 51);
    }

    @Test
    void reorderedPacketsOfTheCurrentSourceMapWithTheSameOffsets() {
        forward(LOW, 100, 1000, 0, 100, 1000);
        forward(HIGH, 500, 40, 10 * MS, 101, 1900);
        forward(HIGH, 503, 3040, 40 * MS, 104, 4900);
        forward(HIGH, 501, 40, 41 * MS, 102, 1900);
        forward(HIGH, 502, 3040, 42 * MS, 103, 4900);
        // The newest stays 104, sent at 40 ms: the next switch continues from there, 2 ms = 180 ticks on.
        forward(LOW, 200, 0, 42 * MS, 105, 5080);
    }

    @Test
    void packetsOfTheNewSourceFromBeforeTheSwitchAreDropped() {
        forward(LOW, 100, 1000, 0, 100, 1000);
        forward(HIGH, 500, 40, 10 * MS, 101, 1900);
        assertEquals(Verdict.DROP_BEFORE_SWITCH, rewriter.map(HIGH, 499, 40, 11 * MS));
        assertEquals(Verdict.DROP_BEFORE_SWITCH, rewriter.map(HIGH, 400, 0, 11 * MS));
        assertEquals(2, rewriter.droppedBeforeSwitch());
        forward(HIGH, 501, 40, 12 * MS, 102, 1900);
    }

    @Test
    void latePacketsOfTheReplacedSourceAreDroppedAndNewerOnesSwitchBack() {
        forward(LOW, 100, 1000, 0, 100, 1000);
        forward(LOW, 101, 1000, 0, 101, 1000);
        forward(HIGH, 500, 40, 10 * MS, 102, 1900);
        assertEquals(Verdict.DROP_REPLACED_SOURCE, rewriter.map(LOW, 101, 1000, 11 * MS));
        assertEquals(Verdict.DROP_REPLACED_SOURCE, rewriter.map(LOW, 99, 1000, 11 * MS));
        assertEquals(2, rewriter.droppedReplacedSource());
        assertEquals(HIGH, rewriter.currentSource());
        // The forwarder goes back down a layer: a newer low packet is a switch, not a late one.
        forward(LOW, 110, 30_000, 20 * MS, 103, 2800);
        assertEquals(2, rewriter.switches());
    }

    @Test
    void aSwitchAcrossTheOutgoingWrapStaysContinuous() {
        forward(LOW, 65535, 0xFFFF_FFF0L, 0, 65535, 0xFFFF_FFF0L);
        forward(HIGH, 1234, 77, MS, 0, (0xFFFF_FFF0L + 90) & 0xFFFF_FFFFL);
        forward(HIGH, 1235, 77, MS, 1, 0x4A);
    }

    @Test
    void manySwitchesNeverIntroduceAGapOrATimestampStep() {
        int previousSeq = -1;
        long previousTs = -1;
        long now = 0;
        int[] nextSeq = {30000, 65500, 12};
        long[] nextTs = {5, 0xFFFF_FF00L, 123_456};
        for (int round = 0; round < 30; round++) {
            int source = round % 3;
            for (int i = 0; i < 5; i++) {
                now += 10 * MS;
                assertEquals(Verdict.FORWARD, rewriter.map(source, nextSeq[source], nextTs[source], now));
                nextSeq[source] = (nextSeq[source] + 1) & 0xFFFF;
                nextTs[source] = (nextTs[source] + 900) & 0xFFFF_FFFFL;
                if (previousSeq >= 0) {
                    assertEquals((previousSeq + 1) & 0xFFFF, rewriter.outgoingSequenceNumber());
                    long step = (rewriter.outgoingTimestamp() - previousTs) & 0xFFFF_FFFFL;
                    assertEquals(900, step, "timestamp step in round " + round);
                }
                previousSeq = rewriter.outgoingSequenceNumber();
                previousTs = rewriter.outgoingTimestamp();
            }
        }
        assertEquals(29, rewriter.switches());
    }

    @Test
    void rewritesAParsedPacketInPlace() {
        byte[] bytes = hex("80 60 0064 000003e8 00000001 aa");
        RtpPacket packet = new RtpPacket();
        packet.parse(bytes);
        assertEquals(Verdict.FORWARD, rewriter.rewrite(packet, 0));
        byte[] next = hex("80 60 1388 00000028 00000002 bb");
        packet.parse(next);
        assertEquals(Verdict.FORWARD, rewriter.rewrite(packet, 10 * MS));
        assertArrayEquals(hex("80 60 0065 0000076c 0a0a0a0a bb"), next);
        byte[] before = hex("80 60 1387 00000028 00000002 cc");
        packet.parse(before);
        assertEquals(Verdict.DROP_BEFORE_SWITCH, rewriter.rewrite(packet, 11 * MS));
        assertArrayEquals(hex("80 60 1387 00000028 00000002 cc"), Arrays.copyOf(before, before.length));
    }

    @Test
    void refusesANonPositiveClockRate() {
        assertThrows(IllegalArgumentException.class, () -> new RtpStreamRewriter(1, 0));
    }
}
