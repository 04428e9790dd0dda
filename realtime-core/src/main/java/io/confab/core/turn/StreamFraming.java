package io.confab.core.turn;

import io.confab.core.stun.StunDecoder;

/**
 * Where one message ends on a TCP or TLS connection, which carries STUN messages and padded
 * ChannelData back to back with no other framing (RFC 8656 §12.5). A Netty ByteToMessageDecoder
 * asks this how many bytes to wait for, then hands the frame to {@link TurnServer#fromClient}.
 */
public final class StreamFraming {
    /** Enough to read either kind's length field. */
    public static final int MIN_PEEK = 4;

    private StreamFraming() {
    }

    public sealed interface Frame permits NeedMore, Complete, Corrupt {
    }

    /** Fewer than 4 bytes buffered: wait. */
    public record NeedMore() implements Frame {
    }

    /** The next frame is this many bytes, padding included; it may not all be buffered yet. */
    public record Complete(int length) implements Frame {
    }

    /** Neither STUN nor ChannelData: the stream has lost sync and the connection should close. */
    public record Corrupt() implements Frame {
    }

    public static Frame next(byte[] buffer, int offset, int available) {
        if (available < MIN_PEEK) {
            return new NeedMore();
        }
        int first = buffer[offset] & 0xFF;
        int length = ((buffer[offset + 2] & 0xFF) << 8) | (buffer[offset + 3] & 0xFF);
        if (first >> 6 == 0) {
            return length % 4 == 0 ? new Complete(StunDecoder.HEADER_LENGTH + length) : new Corrupt();
        }
        int channel = (first << 8) | (buffer[offset + 1] & 0xFF);
        return ChannelData.isValidChannel(channel) ? new Complete(ChannelData.streamFrameLength(length)) : new Corrupt();
    }
}
