package io.confab.core.sfu.rtp;

import static io.confab.core.sfu.rtp.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The values inside header extension elements: RFC 6464, RFC 8843/8852 (via RFC 7941), abs-send-time, transport-cc. */
class HeaderExtensionValuesTest {

    @Test
    void audioLevelIsVoiceBitAndMinusDbov() {
        // RFC 6464 §3: V in the top bit, level 0..127 -dBov below it.
        byte[] element = {(byte) 0xFF, 0x05};
        assertTrue(AudioLevel.voiceActivity(element, 0));
        assertEquals(127, AudioLevel.level(element, 0));
        assertFalse(AudioLevel.voiceActivity(element, 1));
        assertEquals(5, AudioLevel.level(element, 1));
        assertEquals(0x80 | 42, AudioLevel.encode(true, 42));
        byte[] target = new byte[1];
        AudioLevel.write(target, 0, false, AudioLevel.SILENCE);
        assertEquals(0x7F, target[0]);
        assertThrows(IllegalArgumentException.class, () -> AudioLevel.encode(true, 128));
    }

    @Test
    void streamIdentifiersReadUpToTheFirstNul() {
        byte[] rid = hex("68 69 00 00"); // "hi" padded with NULs
        assertEquals("hi", StreamIdentifier.read(rid, 0, 4));
        assertTrue(StreamIdentifier.matches(rid, 0, 4, "hi"));
        assertFalse(StreamIdentifier.matches(rid, 0, 4, "h"));
        assertFalse(StreamIdentifier.matches(rid, 0, 4, "hix"));
        assertFalse(StreamIdentifier.matches(rid, 0, 4, "ho"));
        assertEquals("", StreamIdentifier.read(hex("00 61"), 0, 2));
        assertArrayEquals(hex("713030"), StreamIdentifier.encode("q00"));
        assertThrows(IllegalArgumentException.class, () -> StreamIdentifier.encode(""));
        assertThrows(IllegalArgumentException.class, () -> StreamIdentifier.encode("é"));
    }

    @Test
    void absSendTimeIsSixPointEighteenSecondsWrappingAt64() {
        assertEquals(0, AbsSendTime.fromNanos(0));
        assertEquals(1 << 18, AbsSendTime.fromNanos(1_000_000_000L));
        assertEquals(1 << 17, AbsSendTime.fromNanos(500_000_000L));
        // 64 s wraps to zero; 65.25 s reads as 1.25 s.
        assertEquals(0, AbsSendTime.fromNanos(64_000_000_000L));
        assertEquals((1 << 18) + (1 << 16), AbsSendTime.fromNanos(65_250_000_000L));
        // A clock reading far from zero does not overflow.
        long farAway = 1_000_000L * 1_000_000_000L + 250_000_000L;
        assertEquals((int) (((1_000_000L % 64) << 18) + (1 << 16)), AbsSendTime.fromNanos(farAway));
        assertEquals(1_250_000_000L, AbsSendTime.toNanos((1 << 18) + (1 << 16)));
        byte[] element = new byte[3];
        assertEquals(3, AbsSendTime.write(element, 0, 1_000_000_000L));
        assertArrayEquals(hex("040000"), element);
        assertEquals(1 << 18, AbsSendTime.read(element, 0));
    }

    @Test
    void transportWideSequenceNumberIsSixteenBitsInPlace() {
        byte[] element = hex("ffff");
        assertEquals(0xFFFF, TransportWideSequenceNumber.read(element, 0));
        TransportWideSequenceNumber.write(element, 0, 0x1_0102);
        assertArrayEquals(hex("0102"), element);
    }
}
