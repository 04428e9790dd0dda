package io.confab.media.vp8;

import static io.confab.media.TestSignals.filler;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 7741 §4.2 payload descriptors and §4.4 frame splitting. */
class Vp8PacketizerTest {
    @Test
    void writesTheFourByteDescriptorWithFifteenBitPictureId() {
        Vp8Packetizer packetizer = new Vp8Packetizer(1100, 0x1234);
        List<byte[]> payloads = packetizer.packetize(new Vp8Frame(filler(2500, 0), true));

        // X=1, S=1, PID=0 | I=1 | M=1 and PictureID 0x1234 in 15 bits.
        assertArrayEquals(new byte[] {(byte) 0x90, (byte) 0x80, (byte) 0x92, 0x34},
                Arrays.copyOf(payloads.get(0), 4));
        // Later packets of the frame: S=0, same PictureID.
        assertArrayEquals(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x92, 0x34},
                Arrays.copyOf(payloads.get(1), 4));
    }

    @Test
    void splitsIntoNearEqualPayloadsNoLargerThanTheLimit() {
        Vp8Packetizer packetizer = new Vp8Packetizer(1100, 0);
        byte[] frame = filler(2500, 7);
        List<Integer> sizes = new ArrayList<>();
        List<Boolean> lasts = new ArrayList<>();
        ByteArrayOutputStream reassembled = new ByteArrayOutputStream();
        int count = packetizer.packetize(frame, 0, frame.length, (payload, offset, length, last) -> {
            sizes.add(length);
            lasts.add(last);
            reassembled.write(payload, offset + Vp8Packetizer.DESCRIPTOR_LENGTH, length - Vp8Packetizer.DESCRIPTOR_LENGTH);
        });
        // 2500 bytes at 1096 per packet need 3 packets: 834 + 833 + 833.
        assertEquals(3, count);
        assertEquals(List.of(838, 837, 837), sizes);
        assertEquals(List.of(false, false, true), lasts);
        assertArrayEquals(frame, reassembled.toByteArray());
    }

    @Test
    void aFrameThatFitsIsOnePayload() {
        Vp8Packetizer packetizer = new Vp8Packetizer(1100, 0);
        assertEquals(1, packetizer.payloadCount(1096));
        assertEquals(2, packetizer.payloadCount(1097));
        List<byte[]> payloads = packetizer.packetize(new Vp8Frame(filler(1096, 1), false));
        assertEquals(1, payloads.size());
        assertEquals(1100, payloads.get(0).length);
    }

    @Test
    void pictureIdAdvancesPerFrameAndWrapsAtFifteenBits() {
        Vp8Packetizer packetizer = new Vp8Packetizer(1100, 32766);
        Vp8PayloadDescriptor descriptor = new Vp8PayloadDescriptor();
        int[] expected = {32766, 32767, 0, 1};
        for (int id : expected) {
            byte[] payload = packetizer.packetize(new Vp8Frame(filler(50, id), false)).get(0);
            assertEquals(Vp8PayloadDescriptor.Status.OK, descriptor.parse(payload, 0, payload.length));
            assertEquals(id, descriptor.pictureId());
            assertEquals(15, descriptor.pictureIdBits());
        }
        assertEquals(2, packetizer.nextPictureId());
    }

    @Test
    void theSfuDescriptorParserSeesOnlyTheFirstPacketAsFrameStart() {
        // A key frame's tag has P=0 (RFC 6386 §9.1), which §4.3 reads after the descriptor.
        byte[] keyFrame = filler(3000, 0);
        keyFrame[0] = 0x10;
        List<byte[]> payloads = new Vp8Packetizer(1100, 5).packetize(new Vp8Frame(keyFrame, true));
        Vp8PayloadDescriptor descriptor = new Vp8PayloadDescriptor();
        for (int i = 0; i < payloads.size(); i++) {
            byte[] payload = payloads.get(i);
            assertEquals(Vp8PayloadDescriptor.Status.OK, descriptor.parse(payload, 0, payload.length));
            assertEquals(i == 0, descriptor.startOfFrame(), "packet " + i);
            assertEquals(0, descriptor.partitionIndex());
            assertEquals(4, descriptor.descriptorLength());
            assertTrue(payload.length <= 1100);
        }
        descriptor.parse(payloads.get(0), 0, payloads.get(0).length);
        assertTrue(descriptor.isKeyFrameStart());
        assertFalse(descriptor.nonReference());
    }

    @Test
    void refusesLimitsThatLeaveNoRoomAndPictureIdsOverFifteenBits() {
        assertThrows(IllegalArgumentException.class, () -> new Vp8Packetizer(4, 0));
        assertThrows(IllegalArgumentException.class, () -> new Vp8Packetizer(1100, 1 << 15));
        Vp8Packetizer packetizer = new Vp8Packetizer();
        assertThrows(IllegalArgumentException.class,
                () -> packetizer.packetize(new byte[10], 5, 10, (p, o, l, last) -> { }));
    }
}
