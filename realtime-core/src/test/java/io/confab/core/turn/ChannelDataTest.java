package io.confab.core.turn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** ChannelData framing (RFC 8656 §12.4, §12.5). */
class ChannelDataTest {

    @Test
    void frameIsChannelLengthAndData() {
        assertEquals("40010003616263", HexFormat.of().formatHex(new ChannelData(0x4001, "abc".getBytes()).encode(false)));
        assertEquals("4001000361626300", HexFormat.of().formatHex(new ChannelData(0x4001, "abc".getBytes()).encode(true)));
    }

    @Test
    void paddedFrameDecodesToTheUnpaddedData() {
        byte[] padded = new ChannelData(0x4FFF, new byte[] {1, 2, 3, 4, 5}).encode(true);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, ChannelData.decode(padded, 0, padded.length).orElseThrow().data());
        assertEquals(12, ChannelData.streamFrameLength(5));
    }

    @Test
    void channelsOutsideTheRfc5766RangeAndShortFramesAreRefused() {
        assertEquals(Optional.empty(), ChannelData.decode(new byte[] {(byte) 0x80, 0, 0, 0}, 0, 4));
        assertEquals(Optional.empty(), ChannelData.decode(new byte[] {0x40, 0, 0, 2, 1}, 0, 5));
        assertEquals(Optional.empty(), ChannelData.decode(new byte[] {0x40, 0}, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> new ChannelData(0x3FFF, new byte[0]));
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(8656);
        for (int i = 0; i < 10_000; i++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            int offset = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            ChannelData.decode(bytes, offset, bytes.length - offset);
        }
    }
}
