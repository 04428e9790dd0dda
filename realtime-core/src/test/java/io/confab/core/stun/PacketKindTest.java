package io.confab.core.stun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 7983 §7's first-byte demultiplexing, with TURN ChannelData's 64-79. */
class PacketKindTest {

    @ParameterizedTest
    @CsvSource({"0, STUN", "3, STUN", "4, UNKNOWN", "16, ZRTP", "20, DTLS", "63, DTLS", "64, CHANNEL_DATA",
            "79, CHANNEL_DATA", "80, UNKNOWN", "128, RTP_OR_RTCP", "191, RTP_OR_RTCP", "192, UNKNOWN", "255, UNKNOWN"})
    void firstByteDecidesTheKind(int firstByte, PacketKind expected) {
        assertEquals(expected, PacketKind.of(new byte[] {(byte) firstByte, 0, 0, 0}));
    }

    @Test
    void emptyPacketIsUnknown() {
        assertEquals(PacketKind.UNKNOWN, PacketKind.of(new byte[0]));
    }

    @Test
    void looksLikeStunNeedsTheCookieAsWellAsTheFirstByte() {
        assertTrue(StunDecoder.looksLikeStun(Rfc5769.SAMPLE_REQUEST));
        byte[] noCookie = Rfc5769.SAMPLE_REQUEST.clone();
        noCookie[5] = 0;
        assertFalse(StunDecoder.looksLikeStun(noCookie));
        assertFalse(StunDecoder.looksLikeStun(new byte[] {0, 1, 0, 0}));
    }
}
