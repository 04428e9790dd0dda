package io.confab.core.sfu.rtp;

import static io.confab.core.sfu.rtp.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Fresh RTP packets with one-byte extensions (RFC 3550 §5.1, RFC 8285 §4.2), byte by byte and back through the parser. */
class RtpHeaderWriterTest {

    private static final byte[] PAYLOAD = hex("0a0b0c");

    @Test
    void writesAPlainHeaderAndCopiesThePayload() {
        byte[] target = new byte[64];
        int length = new RtpHeaderWriter().marker(true).payloadType(111).sequenceNumber(0xFFFF)
                .timestamp(0x1_0000_0005L).ssrc(0xCAFEBABE).write(target, 0, PAYLOAD, 0, 3);
        assertEquals(15, length);
        assertArrayEquals(hex("80 ef ffff 00000005 cafebabe 0a0b0c"), Arrays.copyOf(target, length));
    }

    @Test
    void writesOneByteElementsPaddedToAWord() {
        RtpHeaderWriter writer = new RtpHeaderWriter().payloadType(96).sequenceNumber(7).timestamp(9).ssrc(1)
                .addExtension(1, AudioLevel.encode(true, 30), AudioLevel.LENGTH)
                .addExtension(3, 0x123456, AbsSendTime.LENGTH)
                .addExtension(5, 0xABCD, TransportWideSequenceNumber.LENGTH);
        // Elements take 2 + 4 + 3 = 9 bytes, padded to 12: three words.
        assertEquals(12 + 4 + 12, writer.headerLength());
        byte[] target = new byte[64];
        int length = writer.write(target, 2, PAYLOAD, 0, 3);
        assertEquals(31, length);
        assertArrayEquals(hex("90 60 0007 00000009 00000001 bede 0003 10 9e 32 123456 51 abcd 000000 0a0b0c"),
                Arrays.copyOfRange(target, 2, 2 + length));
    }

    @Test
    void roundTripsThroughTheParser() {
        byte[] mid = StreamIdentifier.encode("audio0");
        byte[] target = new byte[100];
        int length = new RtpHeaderWriter().payloadType(100).sequenceNumber(4242).timestamp(0xFFFF_FFFFL).ssrc(-2)
                .addExtension(4, mid).addExtension(10, hex("01"), 0, 1)
                .write(target, 0, PAYLOAD, 1, 2);
        RtpPacket packet = new RtpPacket();
        assertEquals(RtpParseStatus.OK, packet.parse(target, 0, length));
        assertEquals(100, packet.payloadType());
        assertEquals(4242, packet.sequenceNumber());
        assertEquals(0xFFFF_FFFFL, packet.timestamp());
        assertEquals(-2, packet.ssrc());
        int at = packet.findExtension(4);
        assertTrue(StreamIdentifier.matches(target, at, packet.extensionLength(at), "audio0"));
        assertEquals(1, packet.extensionLength(packet.findExtension(10)));
        assertArrayEquals(hex("0b0c"), Arrays.copyOfRange(target, packet.payloadOffset(), packet.payloadOffset() + 2));
    }

    @Test
    void clearingExtensionsReusesTheWriter() {
        RtpHeaderWriter writer = new RtpHeaderWriter().addExtension(1, 5, 1);
        writer.clearExtensions();
        assertEquals(12, writer.headerLength());
    }

    @Test
    void refusesWhatTheOneByteFormCannotCarry() {
        RtpHeaderWriter writer = new RtpHeaderWriter();
        assertThrows(IllegalArgumentException.class, () -> writer.addExtension(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> writer.addExtension(15, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> writer.addExtension(1, new byte[17]));
        assertThrows(IllegalArgumentException.class, () -> writer.addExtension(1, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> writer.payloadType(128));
        for (int id = 1; id <= 14; id++) {
            writer.addExtension(id, id, 1);
        }
        assertThrows(IllegalArgumentException.class, () -> writer.addExtension(1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> writer.write(new byte[20], 0, PAYLOAD, 0, 3));
    }

    @Test
    void rewritesFieldsOfAnExistingPacket() {
        byte[] bytes = hex("80 ef 0001 00000002 00000003 ff");
        RtpHeaderWriter.setSequenceNumber(bytes, 0, 0x1_0203);
        RtpHeaderWriter.setTimestamp(bytes, 0, 0x0405_0607L);
        RtpHeaderWriter.setSsrc(bytes, 0, 0x08090A0B);
        RtpHeaderWriter.setPayloadType(bytes, 0, 0x22);
        assertArrayEquals(hex("80 a2 0203 04050607 08090a0b ff"), bytes);
        RtpHeaderWriter.setMarker(bytes, 0, false);
        assertEquals(0x22, bytes[1]);
    }
}
