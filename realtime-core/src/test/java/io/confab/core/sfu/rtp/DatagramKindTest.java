package io.confab.core.sfu.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** RFC 7983 §7 first-byte demux, then RFC 5761 §4's RTP/RTCP split on the second byte. */
class DatagramKindTest {

    @ParameterizedTest
    @CsvSource({"0, 1, STUN", "3, 1, STUN", "4, 1, OTHER", "16, 1, OTHER", "19, 1, OTHER", "20, 1, DTLS",
            "22, 254, DTLS", "63, 1, DTLS", "64, 1, OTHER", "79, 1, OTHER", "127, 1, OTHER",
            "128, 96, RTP", "128, 224, RTP", "144, 111, RTP", "191, 0, RTP",
            "128, 191, RTP", "128, 192, RTCP", "129, 200, RTCP", "129, 201, RTCP", "143, 206, RTCP", "128, 223, RTCP",
            "192, 200, OTHER", "255, 200, OTHER"})
    void firstAndSecondByteDecide(int first, int second, DatagramKind expected) {
        assertEquals(expected, DatagramKind.classify(new byte[] {(byte) first, (byte) second, 0, 0}));
    }

    @Test
    void markerBitSetOnPayloadType96IsRtpNotRtcp() {
        // Marker + PT 96 is 0xE0 = 224, just past the RTCP range 192..223.
        assertEquals(DatagramKind.RTP, DatagramKind.classify(new byte[] {(byte) 0x80, (byte) 0xE0}));
        // Marker + PT 72 would be 200 (SR): RFC 5761 §4 is why PTs 64-95 are not used when muxing.
        assertEquals(DatagramKind.RTCP, DatagramKind.classify(new byte[] {(byte) 0x80, (byte) 0xC8}));
    }

    @Test
    void emptyOrOneByteOrOutOfRangeIsOther() {
        assertEquals(DatagramKind.OTHER, DatagramKind.classify(new byte[0]));
        assertEquals(DatagramKind.OTHER, DatagramKind.classify(new byte[] {(byte) 0x80}));
        assertEquals(DatagramKind.OTHER, DatagramKind.classify(new byte[] {0, 1}, 1, 5));
        assertEquals(DatagramKind.OTHER, DatagramKind.classify(null, 0, 0));
        assertEquals(DatagramKind.STUN, DatagramKind.classify(new byte[] {0x16, 0x00}, 1, 1));
    }
}
