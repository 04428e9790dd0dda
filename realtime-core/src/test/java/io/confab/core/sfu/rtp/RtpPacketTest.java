package io.confab.core.sfu.rtp;

import static io.confab.core.sfu.rtp.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The RTP header (RFC 3550 §5.1) and RFC 8285 header extensions, read from hand-built packets. */
class RtpPacketTest {

    /** V=2, PT 96, seq 0x1234, ts 0xABCD, SSRC 0xDEADBEEF, three payload bytes. */
    static final byte[] PLAIN = hex("80 60 1234 0000abcd deadbeef 010203");

    /**
     * V=2 P=1 X=1 CC=2, M=1 PT=111, seq 0xFFFF, ts 0xFFFFFFFF, SSRC 1, CSRCs 0x11111111 and
     * 0x22222222, one-byte extension block of 2 words (RFC 8285 §4.2): ID 1 L=0 (audio level,
     * V=1 level 5), ID 3 L=2 (three bytes), two padding bytes; payload 01..04; 3 bytes of padding.
     */
    static final byte[] FULL = hex("b2 ef ffff ffffffff 00000001 11111111 22222222"
            + " bede 0002 10 85 32 aabbcc 0000"
            + " 01020304 000003");

    /** X=1 two-byte form (RFC 8285 §4.3) with appbits 0x5: ID 5 of length 0, ID 7 "abc", one padding byte. */
    static final byte[] TWO_BYTE = hex("90 60 0001 00000001 00000002 1005 0002 0500 0703616263 00 ff");

    private final RtpPacket packet = new RtpPacket();

    @Test
    void readsTheFixedHeaderFieldByField() {
        assertEquals(RtpParseStatus.OK, packet.parse(PLAIN));
        assertFalse(packet.marker());
        assertEquals(96, packet.payloadType());
        assertEquals(0x1234, packet.sequenceNumber());
        assertEquals(0xABCDL, packet.timestamp());
        assertEquals(0xDEADBEEF, packet.ssrc());
        assertEquals(0, packet.csrcCount());
        assertFalse(packet.hasExtension());
        assertFalse(packet.hasPadding());
        assertEquals(12, packet.headerLength());
        assertEquals(12, packet.payloadOffset());
        assertEquals(3, packet.payloadLength());
    }

    @Test
    void readsCsrcsExtensionAndStripsPadding() {
        assertEquals(RtpParseStatus.OK, packet.parse(FULL));
        assertTrue(packet.marker());
        assertEquals(111, packet.payloadType());
        assertEquals(0xFFFF, packet.sequenceNumber());
        assertEquals(0xFFFF_FFFFL, packet.timestamp());
        assertEquals(1, packet.ssrc());
        assertEquals(2, packet.csrcCount());
        assertEquals(0x11111111, packet.csrc(0));
        assertEquals(0x22222222, packet.csrc(1));
        assertTrue(packet.isOneByteForm());
        assertEquals(0xBEDE, packet.extensionProfile());
        assertEquals(8, packet.extensionDataLength());
        assertEquals(32, packet.headerLength());
        assertEquals(3, packet.paddingLength());
        assertEquals(4, packet.payloadLength());
        assertArrayEquals(hex("01020304"), Arrays.copyOfRange(FULL, packet.payloadOffset(),
                packet.payloadOffset() + packet.payloadLength()));
    }

    @Test
    void findsOneByteElementsById() {
        packet.parse(FULL);
        int level = packet.findExtension(1);
        assertEquals(25, level);
        assertEquals(1, packet.extensionLength(level));
        assertTrue(AudioLevel.voiceActivity(FULL, level));
        assertEquals(5, AudioLevel.level(FULL, level));
        int three = packet.findExtension(3);
        assertEquals(27, three);
        assertEquals(3, packet.extensionLength(three));
        assertEquals(RtpPacket.NOT_FOUND, packet.findExtension(2));
        assertEquals(RtpPacket.NOT_FOUND, packet.findExtension(0));
    }

    @Test
    void findsTwoByteElementsIncludingEmptyOnes() {
        assertEquals(RtpParseStatus.OK, packet.parse(TWO_BYTE));
        assertTrue(packet.isTwoByteForm());
        int empty = packet.findExtension(5);
        assertEquals(18, empty);
        assertEquals(0, packet.extensionLength(empty));
        int text = packet.findExtension(7);
        assertEquals(3, packet.extensionLength(text));
        assertEquals("abc", StreamIdentifier.read(TWO_BYTE, text, 3));
        assertEquals(1, packet.payloadLength());
        assertEquals((byte) 0xFF, TWO_BYTE[packet.payloadOffset()]);
    }

    @Test
    void oneByteIdFifteenEndsTheBlock() {
        // RFC 8285 §4.2: elements after ID 15 are not considered.
        byte[] bytes = hex("90 60 0001 00000001 00000002 bede 0001 f0 10 05 00 ff");
        assertEquals(RtpParseStatus.OK, packet.parse(bytes));
        assertEquals(RtpPacket.NOT_FOUND, packet.findExtension(1));
    }

    @Test
    void otherExtensionProfilesAreOpaque() {
        byte[] bytes = hex("90 60 0001 00000001 00000002 abcd 0001 10050000 ff");
        assertEquals(RtpParseStatus.OK, packet.parse(bytes));
        assertFalse(packet.isOneByteForm());
        assertFalse(packet.isTwoByteForm());
        assertEquals(RtpPacket.NOT_FOUND, packet.findExtension(1));
        assertEquals(20, packet.payloadOffset());
    }

    @Test
    void refusesWhatIsNotWellFormed() {
        assertEquals(RtpParseStatus.TOO_SHORT, packet.parse(new byte[11]));
        assertEquals(RtpParseStatus.TOO_SHORT, packet.parse(null));
        assertEquals(RtpParseStatus.TOO_SHORT, packet.parse(PLAIN, 10, 12));
        assertEquals(RtpParseStatus.BAD_VERSION, packet.parse(hex("40 60 0001 00000001 00000002")));
        assertEquals(RtpParseStatus.TRUNCATED_CSRC, packet.parse(hex("82 60 0001 00000001 00000002 11111111")));
        assertEquals(RtpParseStatus.TRUNCATED_EXTENSION, packet.parse(hex("90 60 0001 00000001 00000002 bede")));
        assertEquals(RtpParseStatus.TRUNCATED_EXTENSION,
                packet.parse(hex("90 60 0001 00000001 00000002 bede 0002 10050000")));
        // ID 1 with L=3 claims 4 bytes where the 1-word block has 3 left.
        assertEquals(RtpParseStatus.MALFORMED_EXTENSION,
                packet.parse(hex("90 60 0001 00000001 00000002 bede 0001 13 aabbcc ff")));
        // Two-byte element header cut by the block's end.
        assertEquals(RtpParseStatus.MALFORMED_EXTENSION,
                packet.parse(hex("90 60 0001 00000001 00000002 1000 0001 000000 07 ff")));
        // Padding count 0, and padding longer than everything after the header.
        assertEquals(RtpParseStatus.BAD_PADDING, packet.parse(hex("a0 60 0001 00000001 00000002 0102 00")));
        assertEquals(RtpParseStatus.BAD_PADDING, packet.parse(hex("a0 60 0001 00000001 00000002 0102 04")));
    }

    @Test
    void paddingMayTakeTheWholePayload() {
        assertEquals(RtpParseStatus.OK, packet.parse(hex("a0 60 0001 00000001 00000002 000003")));
        assertEquals(0, packet.payloadLength());
        assertEquals(3, packet.paddingLength());
    }

    @Test
    void everyTruncationIsRefusedWithoutThrowing() {
        for (byte[] whole : new byte[][] {PLAIN, FULL, TWO_BYTE}) {
            RtpPacket view = new RtpPacket();
            view.parse(whole);
            int headerLength = view.headerLength();
            for (int length = 0; length < whole.length; length++) {
                RtpParseStatus status = packet.parse(Arrays.copyOf(whole, length), 0, length);
                if (length < headerLength) {
                    assertNotEquals(RtpParseStatus.OK, status, "prefix of " + length + " bytes");
                }
            }
        }
    }

    @Test
    void parsesAtAnOffsetInsideALargerBuffer() {
        byte[] framed = new byte[FULL.length + 7];
        System.arraycopy(FULL, 0, framed, 5, FULL.length);
        assertEquals(RtpParseStatus.OK, packet.parse(framed, 5, FULL.length));
        assertEquals(5 + 25, packet.findExtension(1));
        assertEquals(5 + 32, packet.payloadOffset());
        assertEquals(4, packet.payloadLength());
    }

    @Test
    void settersRewriteTheBytesInPlace() {
        byte[] bytes = FULL.clone();
        packet.parse(bytes);
        packet.setSequenceNumber(0x0102);
        packet.setTimestamp(0x0A0B0C0DL);
        packet.setSsrc(0x55667788);
        packet.setPayloadType(100);
        assertArrayEquals(hex("b2 e4 0102 0a0b0c0d 55667788"), Arrays.copyOf(bytes, 12));
        packet.setMarker(false);
        assertEquals((byte) 0x64, bytes[1]);
        RtpPacket again = new RtpPacket();
        assertEquals(RtpParseStatus.OK, again.parse(bytes));
        assertEquals(0x0102, again.sequenceNumber());
        assertEquals(0x0A0B0C0DL, again.timestamp());
        assertEquals(0x55667788, again.ssrc());
        assertEquals(100, again.payloadType());
        assertFalse(again.marker());
        assertEquals(4, again.payloadLength());
    }

    @Test
    void randomDamageNeverThrowsFromParseOrLookup() {
        Random random = new Random(3550);
        byte[][] samples = {PLAIN, FULL, TWO_BYTE};
        for (int i = 0; i < 3000; i++) {
            byte[] bytes = samples[i % 3].clone();
            for (int flips = 0; flips < 3; flips++) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt();
            }
            if (packet.parse(bytes) == RtpParseStatus.OK) {
                for (int id = 0; id < 16; id++) {
                    int at = packet.findExtension(id);
                    if (at != RtpPacket.NOT_FOUND) {
                        int length = packet.extensionLength(at);
                        assertTrue(at + length <= packet.payloadOffset(), "element inside the header");
                    }
                }
                assertTrue(packet.payloadOffset() + packet.payloadLength() + packet.paddingLength() == bytes.length);
            }
        }
    }
}
