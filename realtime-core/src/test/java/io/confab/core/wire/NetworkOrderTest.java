package io.confab.core.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class NetworkOrderTest {

    @Test
    void readsMostSignificantByteFirstAndShortsUnsigned() {
        byte[] bytes = {0x00, (byte) 0xFF, (byte) 0xFE, 0x12, 0x34, 0x56, 0x78};
        assertEquals(0xFFFE, NetworkOrder.readShort(bytes, 1), "a short above 32767 stays positive");
        assertEquals(0x1234, NetworkOrder.readShort(bytes, 3));
        assertEquals(0xFFFE1234, NetworkOrder.readInt(bytes, 1), "32 bits bit for bit, negative as an int");
        assertEquals(0x12345678, NetworkOrder.readInt(bytes, 3));
    }

    @Test
    void writesWhatByteBuffersBigEndianWritesAndOnlyItsOwnBytes() {
        byte[] ours = new byte[8];
        NetworkOrder.writeShort(ours, 1, 0x1ABCD);
        NetworkOrder.writeInt(ours, 3, 0xDEADBEEF);
        byte[] jdk = new byte[8];
        ByteBuffer.wrap(jdk).putShort(1, (short) 0xABCD).putInt(3, 0xDEADBEEF);
        assertArrayEquals(jdk, ours, "the high bits of a short's value are dropped; bytes 0 and 7 untouched");
        assertEquals(0xABCD, NetworkOrder.readShort(ours, 1));
        assertEquals(0xDEADBEEF, NetworkOrder.readInt(ours, 3));
    }
}
