package io.confab.core.turn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void everyFrameDecodesBackToItselfPaddedOrNot() {
        Random random = new Random(5766);
        for (int i = 0; i < 2_000; i++) {
            byte[] data = new byte[random.nextInt(300)];
            random.nextBytes(data);
            ChannelData frame = new ChannelData(ChannelData.MIN_CHANNEL + random.nextInt(ChannelData.MAX_CHANNEL - ChannelData.MIN_CHANNEL + 1), data);
            byte[] unpadded = frame.encode(false);
            byte[] padded = frame.encode(true);
            assertEquals(ChannelData.HEADER_LENGTH + data.length, unpadded.length);
            assertEquals(ChannelData.streamFrameLength(data.length), padded.length, "a stream framer waits for exactly the padded frame");
            assertEquals(0, padded.length % 4);
            assertEquals(Optional.of(frame), ChannelData.decode(unpadded, 0, unpadded.length));
            assertEquals(Optional.of(frame), ChannelData.decode(padded, 0, padded.length), "padding is not data");
            // Inside a larger buffer at an offset, as a datagram's bytes are handed over.
            byte[] buffer = new byte[3 + padded.length + 5];
            System.arraycopy(padded, 0, buffer, 3, padded.length);
            assertEquals(Optional.of(frame), ChannelData.decode(buffer, 3, padded.length));
            // One byte short of what the length field claims is refused.
            if (data.length > 0) {
                assertEquals(Optional.empty(), ChannelData.decode(unpadded, 0, unpadded.length - 1));
            }
        }
    }

    @Test
    void randomBytesDecodeExactlyWhenTheHeaderFitsAndTheDataIsTheBytesAfterIt() {
        Random random = new Random(8656);
        int decoded = 0;
        int refused = 0;
        for (int i = 0; i < 10_000; i++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            int offset = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            int length = bytes.length - offset;
            if (length >= 4 && random.nextBoolean()) {
                // Half the frames get a plausible header where decoding starts, so both outcomes are exercised.
                bytes[offset] = (byte) (0x40 | random.nextInt(0x40));
                bytes[offset + 2] = 0;
                bytes[offset + 3] = (byte) random.nextInt(length);
            }
            Optional<ChannelData> frame = ChannelData.decode(bytes, offset, length);

            boolean fits = length >= 4
                    && ChannelData.isValidChannel(((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF))
                    && 4 + (((bytes[offset + 2] & 0xFF) << 8) | (bytes[offset + 3] & 0xFF)) <= length;
            assertEquals(fits, frame.isPresent(), "frame " + HexFormat.of().formatHex(bytes, offset, bytes.length));
            if (frame.isPresent()) {
                decoded++;
                int dataLength = ((bytes[offset + 2] & 0xFF) << 8) | (bytes[offset + 3] & 0xFF);
                assertEquals(((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF), frame.get().channel());
                assertArrayEquals(java.util.Arrays.copyOfRange(bytes, offset + 4, offset + 4 + dataLength), frame.get().data());
                // and encoding it again gives back the bytes it was read from.
                assertArrayEquals(java.util.Arrays.copyOfRange(bytes, offset, offset + 4 + dataLength), frame.get().encode(false));
            } else {
                refused++;
            }
        }
        assertTrue(decoded > 1_000 && refused > 1_000, "both outcomes exercised: " + decoded + " decoded, " + refused + " refused");
    }
}
