package io.confab.core.sfu.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.core.sfu.rtcp.ReportBlock;
import org.junit.jupiter.api.Test;

/** RFC 3550 Appendix A.1 (sequence), A.3 (loss) and A.8 (jitter) for one incoming SSRC. */
class ReceiveStatisticsTest {
    private static final long MS = 1_000_000L;
    private static final int SSRC = 0x12345678;
    private final ReceiveStatistics stats = new ReceiveStatistics(SSRC, 48_000);

    @Test
    void extendsTheHighestSequenceNumberAcrossTheWrap() {
        for (int seq : new int[] {65533, 65534, 65535, 0, 1, 2}) {
            assertTrue(stats.onPacket(seq, 0, 0, 100));
        }
        assertEquals(65536 + 2, stats.extendedHighestSequenceNumber());
        assertEquals(6, stats.packetsReceived());
        assertEquals(0, stats.cumulativeLost());
        assertEquals(600, stats.bytesReceived());
    }

    @Test
    void reorderedPacketsAcrossTheWrapDoNotAddACycle() {
        for (int seq : new int[] {65534, 0, 65535, 1}) {
            stats.onPacket(seq, 0, 0, 1);
        }
        assertEquals(65536 + 1, stats.extendedHighestSequenceNumber());
        assertEquals(0, stats.cumulativeLost());
    }

    @Test
    void countsLossAndTheFractionLostPerReportInterval() {
        for (int seq = 1; seq <= 10; seq++) {
            if (seq != 4 && seq != 7) {
                stats.onPacket(seq, 0, 0, 1);
            }
        }
        assertEquals(2, stats.cumulativeLost());
        ReportBlock first = stats.nextReportBlock(0);
        assertEquals(SSRC, first.ssrc());
        assertEquals((2 << 8) / 10, first.fractionLost());
        assertEquals(2, first.cumulativeLost());
        assertEquals(10, first.extendedHighestSequenceNumber());
        for (int seq = 11; seq <= 20; seq++) {
            stats.onPacket(seq, 0, 0, 1);
        }
        ReportBlock second = stats.nextReportBlock(0);
        assertEquals(0, second.fractionLost());
        assertEquals(2, second.cumulativeLost());
        assertEquals(20, second.extendedHighestSequenceNumber());
    }

    @Test
    void duplicatesMakeLossNegativeAndFractionZero() {
        for (int seq : new int[] {1, 2, 2, 3, 3}) {
            stats.onPacket(seq, 0, 0, 1);
        }
        assertEquals(-2, stats.cumulativeLost());
        ReportBlock block = stats.nextReportBlock(0);
        assertEquals(-2, block.cumulativeLost());
        assertEquals(0, block.fractionLost());
    }

    @Test
    void aLargeJumpIsConfirmedByItsSuccessorBeforeRestarting() {
        stats.onPacket(1, 0, 0, 1);
        stats.onPacket(2, 0, 0, 1);
        assertFalse(stats.onPacket(20000, 0, 0, 1));
        assertEquals(2, stats.extendedHighestSequenceNumber());
        assertEquals(1, stats.discarded());
        assertTrue(stats.onPacket(20001, 0, 0, 1));
        assertEquals(20001, stats.extendedHighestSequenceNumber());
        assertEquals(1, stats.packetsReceived());
        assertEquals(0, stats.cumulativeLost());
    }

    @Test
    void jitterFollowsRfc3550A8() {
        // 20 ms Opus frames (960 ticks at 48 kHz); every other packet arrives 5 ms (240 ticks) late.
        for (int i = 0; i < 2; i++) {
            stats.onPacket(i, 960L * i, 20 * MS * i + (i % 2 == 1 ? 5 * MS : 0), 100);
        }
        assertEquals(240 / 16, stats.jitter()); // J = 0 + (|D| - 0) / 16
        for (int i = 2; i < 400; i++) {
            stats.onPacket(i, 960L * i, 20 * MS * i + (i % 2 == 1 ? 5 * MS : 0), 100);
        }
        assertTrue(stats.jitter() >= 238 && stats.jitter() <= 240, "jitter converges to |D| = 240, was " + stats.jitter());
    }

    @Test
    void steadyArrivalHasNoJitterEvenAcrossTheTimestampWrap() {
        long start = 0xFFFF_FFFFL - 960 * 5;
        for (int i = 0; i < 20; i++) {
            stats.onPacket(i, (start + 960L * i) & 0xFFFF_FFFFL, 1_000_000 * MS + 20 * MS * i, 100);
        }
        assertEquals(0, stats.jitter());
    }

    @Test
    void reportBlockCarriesLsrAndDlsrOfTheLastSenderReport() {
        stats.onPacket(1, 0, 0, 1);
        ReportBlock none = stats.nextReportBlock(0);
        assertEquals(0, none.lastSenderReport());
        assertEquals(0, none.delaySinceLastSenderReport());
        stats.onSenderReport(0x0001_2345_6789_ABCDL, 10 * MS);
        ReportBlock block = stats.nextReportBlock(510 * MS);
        assertEquals(0x2345_6789L, block.lastSenderReport());
        assertEquals(65536 / 2, block.delaySinceLastSenderReport()); // 0.5 s in 1/65536 s
    }

    @Test
    void bitrateIsBytesOverTheLastSecond() {
        for (int i = 0; i < 10; i++) {
            stats.onPacket(i, 0, 100 * MS * i, 1250);
        }
        assertEquals(10 * 1250 * 8, stats.bitrate(950 * MS));
        assertEquals(0, stats.bitrate(5000 * MS));
    }
}
