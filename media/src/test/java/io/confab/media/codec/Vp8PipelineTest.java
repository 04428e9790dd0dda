package io.confab.media.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.media.TestSignals;
import io.confab.media.file.Y4mReader;
import io.confab.media.picture.I420Frame;
import io.confab.media.picture.I420Scaler;
import io.confab.media.picture.TestPattern;
import io.confab.media.vp8.Vp8Depacketizer;
import io.confab.media.vp8.Vp8Depacketizer.Outcome;
import io.confab.media.vp8.Vp8Frame;
import io.confab.media.vp8.Vp8Packetizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bot's video path end to end, without a network: test pattern → libvpx → RFC 7741 payloads →
 * depacketizer → FFmpeg's VP8 decoder.
 */
class Vp8PipelineTest {
    private static final int FRAMES = 60;
    private static final long TICKS_PER_FRAME = 90_000 / Vp8Encoder.FRAME_RATE;

    record Packet(int sequence, long timestamp, boolean marker, byte[] payload) {
    }

    @TempDir
    Path directory;

    @Test
    void sixtyPicturesSurviveEncodePacketizeDepacketizeDecode() {
        TestPattern camera = new TestPattern();
        Vp8Packetizer packetizer = new Vp8Packetizer(1100, 0);
        Vp8Depacketizer depacketizer = new Vp8Depacketizer();
        int framesSplit = 0;
        int keyFrames = 0;
        try (Vp8Encoder encoder = new Vp8Encoder(640, 360); Vp8Decoder decoder = new Vp8Decoder()) {
            for (int i = 0; i < FRAMES; i++) {
                Vp8Frame frame = encoder.encode(camera.nextFrame()).orElseThrow();
                keyFrames += frame.keyFrame() ? 1 : 0;
                List<Packet> packets = packetize(packetizer, frame, i);
                framesSplit += packets.size() > 1 ? 1 : 0;
                for (Packet packet : packets) {
                    assertTrue(packet.payload().length <= 1100, "payload of " + packet.payload().length + " bytes");
                    Outcome outcome = depacketizer.push(packet.sequence(), packet.timestamp(), packet.marker(),
                            packet.payload());
                    if (outcome == Outcome.FRAME_COMPLETE) {
                        assertEquals(frame.keyFrame(), depacketizer.frame().keyFrame(), "frame " + i);
                        assertTrue(Arrays.equals(frame.data(), depacketizer.frame().data()), "frame " + i + " bytes");
                        Vp8Decoder.Picture picture = decoder.decode(depacketizer.frame().data());
                        assertEquals(new Vp8Decoder.Picture(true, 640, 360), picture, "frame " + i);
                    }
                }
            }
            assertEquals(FRAMES, encoder.framesEncoded());
            assertEquals(FRAMES, decoder.framesDecoded());
            assertEquals(0, decoder.framesRejected());
            assertEquals(640, decoder.width());
            assertEquals(360, decoder.height());
        }
        assertEquals(1, keyFrames, "only the first of 60 frames is a key frame (the interval is 90)");
        assertTrue(framesSplit >= 2, "expected frames over 1100 bytes, split into several payloads; got " + framesSplit);
        Vp8Depacketizer.Counters counters = depacketizer.counters();
        assertEquals(FRAMES, counters.framesCompleted());
        assertEquals(0, counters.framesDropped());
    }

    @Test
    void aLostPacketDropsItsFrameUntilAPliBringsAKeyFrame() {
        TestPattern camera = new TestPattern(320, 240);
        Vp8Packetizer packetizer = new Vp8Packetizer(300, 0);
        Vp8Depacketizer depacketizer = new Vp8Depacketizer();
        boolean dropped = false;
        int recoveredAt = -1;
        List<Integer> undecodable = new ArrayList<>();
        try (Vp8Encoder encoder = new Vp8Encoder(320, 240, 400_000); Vp8Decoder decoder = new Vp8Decoder()) {
            for (int i = 0; i < 30; i++) {
                if (i > 10 && depacketizer.awaitingKeyFrame()) {
                    // What the bot does with a PLI from the SFU; the next frame will be key.
                    encoder.requestKeyFrame();
                }
                Vp8Frame frame = encoder.encode(camera.nextFrame()).orElseThrow();
                List<Packet> packets = packetize(packetizer, frame, i);
                if (i == 10) {
                    assertTrue(packets.size() >= 2, "frame 10 should need several 300-byte payloads");
                    packets.remove(1);
                    dropped = true;
                }
                for (Packet packet : packets) {
                    Outcome outcome = depacketizer.push(packet.sequence(), packet.timestamp(), packet.marker(),
                            packet.payload());
                    if (outcome == Outcome.FRAME_COMPLETE) {
                        if (!decoder.decode(depacketizer.frame().data()).decoded()) {
                            undecodable.add(i);
                        }
                        if (dropped && recoveredAt < 0) {
                            recoveredAt = i;
                            assertTrue(frame.keyFrame(), "recovery starts with a key frame");
                        }
                    }
                }
            }
            assertEquals(List.of(), undecodable);
            assertEquals(11, recoveredAt, "the PLI after frame 10 is answered by frame 11");
            assertEquals(29, decoder.framesDecoded(), "all but the damaged frame");
            assertEquals(2, encoder.keyFramesEncoded());
        }
        Vp8Depacketizer.Counters counters = depacketizer.counters();
        assertEquals(1, counters.framesDropped());
        assertEquals(1, counters.packetsLost());
        assertEquals(29, counters.framesCompleted());
    }

    @Test
    void requestKeyFrameMakesTheNextFrameKeyAndOnlyThatOne() {
        TestPattern camera = new TestPattern(160, 120);
        try (Vp8Encoder encoder = new Vp8Encoder(160, 120)) {
            List<Boolean> keys = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                if (i == 6) {
                    encoder.requestKeyFrame();
                }
                keys.add(encoder.encode(camera.nextFrame()).orElseThrow().keyFrame());
            }
            assertEquals(List.of(true, false, false, false, false, false, true, false, false, false), keys);
            assertEquals(2, encoder.keyFramesEncoded());
        }
    }

    @Test
    void encoderKeyFramesAreKeyByTheirFrameTag() {
        TestPattern camera = new TestPattern(160, 120);
        try (Vp8Encoder encoder = new Vp8Encoder(160, 120)) {
            Vp8Frame first = encoder.encode(camera.nextFrame()).orElseThrow();
            Vp8Frame second = encoder.encode(camera.nextFrame()).orElseThrow();
            assertTrue(Vp8Frame.isKeyFrame(first.data(), 0));
            assertFalse(Vp8Frame.isKeyFrame(second.data(), 0));
        }
    }

    @Test
    void decoderCountsAndDropsWhatItCannotDecode() {
        try (Vp8Decoder decoder = new Vp8Decoder()) {
            assertFalse(decoder.decode(new byte[] {1, 2, 3}).decoded());
            assertFalse(decoder.decode(new byte[0]).decoded());
            assertFalse(decoder.decode(null).decoded());
            // An inter frame before any key frame has nothing to refer to.
            byte[] garbage = TestSignals.filler(500, 9);
            garbage[0] = 0x11;
            assertFalse(decoder.decode(garbage).decoded());
            assertEquals(4, decoder.framesRejected());
            assertEquals(0, decoder.framesDecoded());
        }
    }

    @Test
    void encoderRefusesPicturesOfAnotherSizeAndUseAfterClose() {
        Vp8Encoder encoder = new Vp8Encoder(160, 120);
        assertThrows(IllegalArgumentException.class, () -> encoder.encode(new I420Frame(320, 240)));
        encoder.close();
        assertThrows(IllegalStateException.class, () -> encoder.encode(new I420Frame(160, 120)));
        Vp8Decoder decoder = new Vp8Decoder();
        decoder.close();
        assertThrows(IllegalStateException.class, () -> decoder.decode(new byte[10]));
    }

    @Test
    void aY4mClipEncodesAndDecodesLikeTheCamera() throws IOException {
        Path file = directory.resolve("camera.y4m");
        TestPattern camera = new TestPattern(96, 64);
        ByteArrayOutputStream clip = new ByteArrayOutputStream();
        clip.writeBytes("YUV4MPEG2 W96 H64 F30:1 C420jpeg\n".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 3; i++) {
            clip.writeBytes("FRAME\n".getBytes(StandardCharsets.US_ASCII));
            clip.writeBytes(camera.nextFrame().data());
        }
        Files.write(file, clip.toByteArray());
        try (Y4mReader reader = Y4mReader.open(file); Vp8Encoder encoder = new Vp8Encoder(96, 64);
             Vp8Decoder decoder = new Vp8Decoder()) {
            for (int i = 0; i < 5; i++) {
                Vp8Frame frame = encoder.encode(reader.nextFrame()).orElseThrow();
                assertTrue(decoder.decode(frame.data()).decoded(), "frame " + i);
            }
            assertEquals(5, decoder.framesDecoded());
            assertEquals(5, reader.framesRead(), "3 pictures, then the first two again");
        }
    }

    private int sequence;

    /**
     * What a receiver sees when the SFU moves it to another simulcast layer: one continuous RTP
     * stream (the SFU rewrites sequence numbers) in which a key frame of another size follows the
     * last frame of the old layer. The same depacketizer and decoder go on at the new size.
     */
    @Test
    void aKeyFrameOfAnotherSizeMidStreamDecodesAtTheNewSize() {
        TestPattern camera = new TestPattern(640, 360);
        I420Scaler half = new I420Scaler(640, 360, 320, 180);
        Vp8Packetizer packetizer = new Vp8Packetizer(1100, 0);
        Vp8Depacketizer depacketizer = new Vp8Depacketizer();
        List<Integer> widths = new ArrayList<>();
        try (Vp8Encoder low = new Vp8Encoder(320, 180, 150_000); Vp8Encoder high = new Vp8Encoder(640, 360, 500_000);
             Vp8Decoder decoder = new Vp8Decoder()) {
            for (int i = 0; i < 40; i++) {
                I420Frame picture = camera.nextFrame();
                if (i == 20) {
                    // The SFU asks the new layer for a key frame (PLI) and switches on it.
                    high.requestKeyFrame();
                }
                Vp8Frame lowFrame = low.encode(half.scale(picture)).orElseThrow();
                Vp8Frame highFrame = high.encode(picture).orElseThrow();
                Vp8Frame forwarded = i < 20 ? lowFrame : highFrame;
                if (i == 20) {
                    assertTrue(forwarded.keyFrame(), "the switch happens on the new layer's key frame");
                }
                for (Packet packet : packetize(packetizer, forwarded, i)) {
                    if (depacketizer.push(packet.sequence(), packet.timestamp(), packet.marker(), packet.payload())
                            == Outcome.FRAME_COMPLETE) {
                        Vp8Decoder.Picture decoded = decoder.decode(depacketizer.frame().data());
                        assertTrue(decoded.decoded(), "frame " + i + " did not decode");
                        widths.add(decoded.width());
                    }
                }
            }
            assertEquals(0, decoder.framesRejected());
        }
        List<Integer> expected = new ArrayList<>(java.util.Collections.nCopies(20, 320));
        expected.addAll(java.util.Collections.nCopies(20, 640));
        assertEquals(expected, widths);
    }

    private List<Packet> packetize(Vp8Packetizer packetizer, Vp8Frame frame, int index) {
        List<Packet> packets = new ArrayList<>();
        long timestamp = index * TICKS_PER_FRAME;
        packetizer.packetize(frame.data(), 0, frame.length(), (payload, offset, length, last) ->
                packets.add(new Packet(sequence++ & 0xFFFF, timestamp, last,
                        Arrays.copyOfRange(payload, offset, offset + length))));
        return packets;
    }
}
