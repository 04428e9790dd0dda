package io.confab.core.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.confab.core.stun.StunClass;
import io.confab.core.stun.StunMessageBuilder;
import io.confab.core.stun.StunMethod;
import io.confab.core.stun.TransactionId;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Splitting a TCP stream of STUN and padded ChannelData into frames (RFC 8656 §12.5). */
class StreamFramingTest {

    @Test
    void splitsStunAndPaddedChannelDataBackToBack() {
        byte[] stun = new StunMessageBuilder(StunClass.REQUEST, StunMethod.REFRESH, TransactionId.random())
                .software("x").encode();
        byte[] channel = new ChannelData(0x4002, new byte[] {1, 2, 3, 4, 5}).encode(true);
        byte[] stream = ByteBuffer.allocate(stun.length + channel.length).put(channel).put(stun).array();

        assertEquals(new StreamFraming.Complete(12), StreamFraming.next(stream, 0, stream.length));
        assertEquals(new StreamFraming.Complete(stun.length), StreamFraming.next(stream, 12, stream.length - 12));
    }

    @Test
    void waitsForFourBytesAndRefusesWhatIsNeither() {
        assertInstanceOf(StreamFraming.NeedMore.class, StreamFraming.next(new byte[] {0x40, 0, 0}, 0, 3));
        assertInstanceOf(StreamFraming.Corrupt.class, StreamFraming.next(new byte[] {(byte) 0x80, 0, 0, 0}, 0, 4));
        assertInstanceOf(StreamFraming.Corrupt.class, StreamFraming.next(new byte[] {(byte) 0xC0, 0, 0, 0}, 0, 4));
        assertInstanceOf(StreamFraming.Corrupt.class, StreamFraming.next(new byte[] {0x00, 1, 0, 3}, 0, 4));
    }
}
