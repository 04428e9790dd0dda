package io.confab.core.turn;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * A ChannelData message (RFC 8656 §12.4): channel number, length, application data; four bytes
 * of header instead of a Send or Data indication's 36. Over TCP and TLS it is padded to a
 * multiple of 4 (§12.5); over UDP the padding is optional and not counted in the length.
 */
public record ChannelData(int channel, byte[] data) {
    public static final int HEADER_LENGTH = 4;
    /**
     * RFC 8656 §12 narrows channel numbers to 0x4000-0x4FFF (keeping 0x5000-0x7FFF free for
     * RFC 7983 demultiplexing); RFC 5766 allowed 0x4000-0x7FFF, and clients of that era, coturn's
     * own turnutils_uclient among them, still pick numbers up there. A TURN port multiplexes
     * nothing else, so accepting the older range costs nothing and keeps those clients working.
     */
    public static final int MIN_CHANNEL = 0x4000;
    public static final int MAX_CHANNEL = 0x7FFF;

    public ChannelData {
        if (!isValidChannel(channel)) {
            throw new IllegalArgumentException(String.format("channel 0x%04X outside 0x4000-0x7FFF", channel));
        }
        // Handed over, not copied: a frame's data goes straight to a relay socket (see TurnAction).
        java.util.Objects.requireNonNull(data, "data");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChannelData c && c.channel == channel && Arrays.equals(c.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * channel + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return String.format("ChannelData[0x%04X, %d bytes]", channel, data.length);
    }

    public static boolean isValidChannel(int channel) {
        return channel >= MIN_CHANNEL && channel <= MAX_CHANNEL;
    }

    public byte[] encode(boolean padToFour) {
        int padded = padToFour ? (data.length + 3) & ~3 : data.length;
        return ByteBuffer.allocate(HEADER_LENGTH + padded)
                .putShort((short) channel).putShort((short) data.length).put(data).array();
    }

    /** Empty when the channel is out of range or the length claims more bytes than there are. */
    public static Optional<ChannelData> decode(byte[] bytes, int offset, int length) {
        if (bytes == null || offset < 0 || length < HEADER_LENGTH || offset > bytes.length - length) {
            return Optional.empty();
        }
        int channel = ((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF);
        int dataLength = ((bytes[offset + 2] & 0xFF) << 8) | (bytes[offset + 3] & 0xFF);
        if (!isValidChannel(channel) || HEADER_LENGTH + dataLength > length) {
            return Optional.empty();
        }
        return Optional.of(new ChannelData(channel,
                Arrays.copyOfRange(bytes, offset + HEADER_LENGTH, offset + HEADER_LENGTH + dataLength)));
    }

    /** Bytes the frame takes on a stream, padding included: what a TCP framer must wait for. */
    public static int streamFrameLength(int dataLength) {
        return HEADER_LENGTH + ((dataLength + 3) & ~3);
    }
}
