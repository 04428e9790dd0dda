package io.confab.media.vp8;

import static io.confab.media.vp8.Vp8Depacketizer.Outcome.AWAITING_KEY_FRAME;
import static io.confab.media.vp8.Vp8Depacketizer.Outcome.BUFFERED;
import static io.confab.media.vp8.Vp8Depacketizer.Outcome.FRAME_COMPLETE;
import static io.confab.media.vp8.Vp8Depacketizer.Outcome.FRAME_INCOMPLETE;
import static io.confab.media.vp8.Vp8Depacketizer.Outcome.LATE;
import static io.confab.media.vp8.Vp8Depacketizer.Outcome.MALFORMED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.media.TestSignals;
import io.confab.media.vp8.Vp8Depacketizer.Outcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 7741 §4: frames from payloads, by timestamp, S bit and marker. */
class Vp8DepacketizerTest {
    /** 90 kHz RTP clock at 30 fps (RFC 7741 §4.1). */
    private static final long TICKS_PER_FRAME = 3000;

    private final Vp8Packetizer packetizer = new Vp8Packetizer(1100, 100);
    private final Vp8Depacketizer depacketizer = new Vp8Depacketizer();
    private int nextSequence = 65_530;
    private long nextTimestamp = 4_294_960_000L;

    record Packet(int sequence, long timestamp, boolean marker, byte[] payload) {
    }

    @Test
    void reassemblesMultiPacketFramesByteForByte() {
        byte[] key = keyFrame(2500);
        byte[] delta = deltaFrame(1500);
        List<Packet> first = send(key);
        assertEquals(List.of(BUFFERED, BUFFERED, FRAME_COMPLETE), pushAll(first));
        assertArrayEquals(key, depacketizer.frame().data());
        assertTrue(depacketizer.frame().keyFrame());
        assertEquals(first.get(0).timestamp(), depacketizer.frameTimestamp());

        assertEquals(List.of(BUFFERED, FRAME_COMPLETE), pushAll(send(delta)));
        assertArrayEquals(delta, depacketizer.frame().data());
        assertFalse(depacketizer.frame().keyFrame());
        assertEquals(new Vp8Depacketizer.Counters(5, 0, 0, 0, 2, 1, 0, 0), depacketizer.counters());
    }

    @Test
    void sequenceAndTimestampWrapAroundAreNotLoss() {
        // The fixture starts 6 sequence numbers before 2^16 and just below 2^32 ticks.
        for (int i = 0; i < 5; i++) {
            pushAll(send(i == 0 ? keyFrame(2000) : deltaFrame(2000)));
        }
        Vp8Depacketizer.Counters counters = depacketizer.counters();
        assertEquals(5, counters.framesCompleted());
        assertEquals(0, counters.packetsLost());
    }

    @Test
    void dropsAFrameThatLostAPacketAndHoldsBackInterFramesUntilAKeyFrame() {
        pushAll(send(keyFrame(1000)));
        List<Packet> damaged = send(deltaFrame(3000));
        assertEquals(BUFFERED, push(damaged.get(0)));
        assertEquals(FRAME_INCOMPLETE, push(damaged.get(2)), "the middle packet never came");
        assertTrue(depacketizer.awaitingKeyFrame(), "a PLI is due");

        assertEquals(List.of(AWAITING_KEY_FRAME), pushAll(send(deltaFrame(500))));
        assertEquals(List.of(BUFFERED, FRAME_COMPLETE), pushAll(send(keyFrame(1500))));
        assertFalse(depacketizer.awaitingKeyFrame());
        assertEquals(List.of(FRAME_COMPLETE), pushAll(send(deltaFrame(500))));

        Vp8Depacketizer.Counters counters = depacketizer.counters();
        assertEquals(1, counters.packetsLost());
        assertEquals(1, counters.framesDropped());
        assertEquals(1, counters.framesAwaitingKeyFrame());
        assertEquals(3, counters.framesCompleted());
        assertEquals(2, counters.keyFramesCompleted());
    }

    @Test
    void aWholeLostFrameBetweenFramesStillCallsForAKeyFrame() {
        pushAll(send(keyFrame(800)));
        send(deltaFrame(800));
        assertEquals(List.of(AWAITING_KEY_FRAME), pushAll(send(deltaFrame(800))));
        assertEquals(1, depacketizer.counters().packetsLost());
    }

    @Test
    void dropsAFrameWhoseMarkedLastPacketNeverCame() {
        pushAll(send(keyFrame(800)));
        List<Packet> damaged = send(deltaFrame(2000));
        push(damaged.get(0));
        List<Packet> next = send(keyFrame(900));
        assertEquals(FRAME_COMPLETE, push(next.get(0)), "a new key frame is whole on its own");
        assertEquals(1, depacketizer.counters().framesDropped());
    }

    @Test
    void dropsAFrameThatLostItsFirstPacket() {
        pushAll(send(keyFrame(800)));
        List<Packet> headless = send(keyFrame(2000));
        assertEquals(FRAME_INCOMPLETE, push(headless.get(1)));
        assertEquals(1, depacketizer.counters().framesDropped());
        assertEquals(1, depacketizer.counters().packetsLost());
    }

    @Test
    void waitsForAKeyFrameAtTheStart() {
        assertEquals(List.of(AWAITING_KEY_FRAME), pushAll(send(deltaFrame(300))));
        assertEquals(null, depacketizer.frame());
        assertEquals(List.of(FRAME_COMPLETE), pushAll(send(keyFrame(300))));
    }

    @Test
    void ignoresDuplicatesAndReorderedPacketsAsLate() {
        pushAll(send(keyFrame(800)));
        List<Packet> frame = send(deltaFrame(2000));
        push(frame.get(0));
        assertEquals(LATE, push(frame.get(0)));
        assertEquals(FRAME_COMPLETE, push(frame.get(1)));
        assertEquals(LATE, push(frame.get(1)));
        assertEquals(2, depacketizer.counters().packetsLate());
        assertEquals(2, depacketizer.counters().framesCompleted());
    }

    @Test
    void takesAJumpFarBackAsASenderRestartNotAsLatePackets() {
        pushAll(send(keyFrame(800)));
        nextSequence -= 5000;
        assertEquals(List.of(AWAITING_KEY_FRAME), pushAll(send(deltaFrame(300))));
        assertEquals(List.of(FRAME_COMPLETE), pushAll(send(keyFrame(300))));
        assertEquals(0, depacketizer.counters().packetsLate());
    }

    @Test
    void countsUnreadableDescriptorsAndTreatsThemAsLoss() {
        pushAll(send(keyFrame(800)));
        List<Packet> frame = send(deltaFrame(2000));
        push(frame.get(0));
        assertEquals(MALFORMED, depacketizer.push(frame.get(1).sequence(), frame.get(1).timestamp(), true,
                new byte[] {(byte) 0x90, (byte) 0x80}));
        assertEquals(MALFORMED, depacketizer.push(1, 0, true, new byte[0]));
        assertEquals(MALFORMED, depacketizer.push(1, 0, true, null));
        assertEquals(MALFORMED, depacketizer.push(1, 0, true, new byte[] {(byte) 0x90}, 0, 5));
        assertEquals(4, depacketizer.counters().packetsMalformed());
        List<Packet> next = send(keyFrame(500));
        assertEquals(FRAME_COMPLETE, push(next.get(0)));
        assertEquals(1, depacketizer.counters().packetsLost(), "the malformed packet's sequence number is a gap");
        assertEquals(1, depacketizer.counters().framesDropped());
    }

    @Test
    void readsPayloadsAtAnOffset() {
        byte[] key = keyFrame(600);
        Packet packet = send(key).get(0);
        byte[] wrapped = new byte[packet.payload().length + 20];
        System.arraycopy(packet.payload(), 0, wrapped, 12, packet.payload().length);
        assertEquals(FRAME_COMPLETE, depacketizer.push(packet.sequence(), packet.timestamp(), true, wrapped, 12,
                packet.payload().length));
        assertArrayEquals(key, depacketizer.frame().data());
    }

    private List<Packet> send(byte[] frame) {
        List<Packet> packets = new ArrayList<>();
        long timestamp = nextTimestamp & 0xFFFFFFFFL;
        nextTimestamp += TICKS_PER_FRAME;
        packetizer.packetize(frame, 0, frame.length, (payload, offset, length, last) -> {
            packets.add(new Packet(nextSequence & 0xFFFF, timestamp, last,
                    Arrays.copyOfRange(payload, offset, offset + length)));
            nextSequence++;
        });
        return packets;
    }

    private Outcome push(Packet packet) {
        return depacketizer.push(packet.sequence(), packet.timestamp(), packet.marker(), packet.payload());
    }

    private List<Outcome> pushAll(List<Packet> packets) {
        return packets.stream().map(this::push).toList();
    }

    /** RFC 6386 §9.1: frame tag with P=0, then the key frame start code 9D 01 2A. */
    static byte[] keyFrame(int length) {
        byte[] frame = TestSignals.filler(length, 3);
        frame[0] = 0x10;
        frame[3] = (byte) 0x9D;
        frame[4] = 0x01;
        frame[5] = 0x2A;
        return frame;
    }

    /** Frame tag with P=1: an inter frame. */
    static byte[] deltaFrame(int length) {
        byte[] frame = TestSignals.filler(length, 5);
        frame[0] = 0x11;
        return frame;
    }
}
