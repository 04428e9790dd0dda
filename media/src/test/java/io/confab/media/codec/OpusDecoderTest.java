package io.confab.media.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.media.TestSignals;
import io.confab.media.audio.AudioSource;
import io.confab.media.codec.OpusDecoder.Problem;
import io.confab.media.codec.OpusDecoder.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OpusDecoderTest {
    private static final int FRAME = AudioSource.SAMPLES_PER_FRAME;

    /** 50 packets (1 s) of a 440 Hz tone at half scale, as the bot sends it. */
    private static List<byte[]> tonePackets() {
        short[] tone = TestSignals.sine(48_000, 440, 50 * FRAME, 0.5);
        List<byte[]> packets = new ArrayList<>();
        try (OpusEncoder encoder = new OpusEncoder(64_000)) {
            short[] frame = new short[FRAME];
            for (int i = 0; i < 50; i++) {
                System.arraycopy(tone, i * FRAME, frame, 0, FRAME);
                packets.add(encoder.encode(frame));
            }
        }
        return packets;
    }

    private static double rms(short[] samples, int from, int to, int step) {
        double squares = 0;
        int count = 0;
        for (int i = from; i < to; i += step) {
            squares += (double) samples[i] * samples[i];
            count++;
        }
        return Math.sqrt(squares / count);
    }

    @Test
    void decodesEachPayloadInto20MillisecondsOfTheTone() {
        List<byte[]> packets = tonePackets();
        try (OpusDecoder decoder = new OpusDecoder(1)) {
            for (int i = 0; i < packets.size(); i++) {
                Result.Pcm pcm = assertInstanceOf(Result.Pcm.class, decoder.decode(packets.get(i)), "packet " + i);
                assertEquals(FRAME, pcm.samplesPerChannel());
                assertEquals(FRAME, pcm.pcm().length);
                if (i >= 5) {
                    // A half-scale sine has an RMS of 0.5 / √2 of full scale: 11585.
                    double level = rms(pcm.pcm(), 0, FRAME, 1);
                    assertTrue(level > 9_000 && level < 14_000, "packet " + i + " RMS " + level);
                }
            }
            assertEquals(50, decoder.packetsDecoded());
        }
    }

    @Test
    void givesStereoFromAMonoStreamWithBothChannelsAlike() {
        List<byte[]> packets = tonePackets();
        try (OpusDecoder decoder = new OpusDecoder(2)) {
            Result.Pcm pcm = null;
            for (byte[] packet : packets.subList(0, 10)) {
                pcm = assertInstanceOf(Result.Pcm.class, decoder.decode(packet));
            }
            assertEquals(FRAME, pcm.samplesPerChannel());
            assertEquals(2 * FRAME, pcm.pcm().length);
            for (int i = 0; i < FRAME; i++) {
                assertEquals(pcm.pcm()[2 * i], pcm.pcm()[2 * i + 1], "sample " + i);
            }
            assertTrue(rms(pcm.pcm(), 0, 2 * FRAME, 2) > 9_000);
        }
    }

    @Test
    void concealsALostPacketByContinuingTheToneThenFadingOut() {
        List<byte[]> packets = tonePackets();
        try (OpusDecoder decoder = new OpusDecoder(1)) {
            for (byte[] packet : packets.subList(0, 20)) {
                decoder.decode(packet);
            }
            short[] first = decoder.conceal(FRAME);
            assertEquals(FRAME, first.length);
            double firstLevel = rms(first, 0, FRAME, 1);
            assertTrue(firstLevel > 3_000, "the first concealed frame carries the tone on, RMS " + firstLevel);
            double lastLevel = firstLevel;
            for (int i = 0; i < 10; i++) {
                short[] more = decoder.conceal(FRAME);
                lastLevel = rms(more, 0, FRAME, 1);
            }
            assertTrue(lastLevel < firstLevel / 4, "a long loss fades out: " + firstLevel + " then " + lastLevel);
            Result next = decoder.decode(packets.get(31));
            assertInstanceOf(Result.Pcm.class, next, "the next real packet decodes after concealment");
            assertEquals(11 * FRAME, decoder.samplesConcealed());
        }
    }

    @Test
    void concealsAnyNumberOfSamplesAndSilenceBeforeTheFirstPacket() {
        try (OpusDecoder decoder = new OpusDecoder(2)) {
            short[] nothingYet = decoder.conceal(FRAME);
            assertEquals(2 * FRAME, nothingYet.length);
            assertEquals(0.0, rms(nothingYet, 0, nothingYet.length, 1));
            for (byte[] packet : tonePackets().subList(0, 5)) {
                decoder.decode(packet);
            }
            assertEquals(2 * 1500, decoder.conceal(1500).length, "one and a half 20 ms frames, the last cut");
            assertEquals(0, decoder.conceal(0).length);
        }
    }

    @Test
    void namesTheProblemWithABadPayloadAndGoesOn() {
        List<byte[]> packets = tonePackets();
        try (OpusDecoder decoder = new OpusDecoder(1)) {
            Result.Failed empty = assertInstanceOf(Result.Failed.class, decoder.decode(new byte[0]));
            assertEquals(Problem.EMPTY, empty.problem());
            assertInstanceOf(Result.Failed.class, decoder.decode(null));
            // Code 3 (RFC 6716 §3.2.5) with a frame count of 0: not a valid packet.
            Result.Failed malformed = assertInstanceOf(Result.Failed.class, decoder.decode(new byte[] {0x03, 0x00}));
            assertEquals(Problem.MALFORMED, malformed.problem());
            assertTrue(malformed.reason().contains("libopus"), malformed.reason());
            // Code 1 (two equal frames) with an odd number of bytes after the TOC (§3.2.3, rule R3).
            assertInstanceOf(Result.Failed.class, decoder.decode(new byte[] {(byte) 0xF9, 1, 2, 3}));
            assertInstanceOf(Result.Pcm.class, decoder.decode(packets.get(0)));
            assertEquals(4, decoder.packetsFailed());
        }
    }

    @Test
    void survivesThousandsOfRandomPayloads() {
        Random random = new Random(42);
        int failed = 0;
        try (OpusDecoder decoder = new OpusDecoder(2)) {
            for (int i = 0; i < 5_000; i++) {
                byte[] garbage = new byte[1 + random.nextInt(400)];
                random.nextBytes(garbage);
                Result result = decoder.decode(garbage);
                if (result instanceof Result.Failed) {
                    failed++;
                } else {
                    Result.Pcm pcm = (Result.Pcm) result;
                    assertTrue(pcm.samplesPerChannel() <= OpusDecoder.MAX_SAMPLES_PER_PACKET);
                }
            }
            assertEquals(failed, decoder.packetsFailed());
            assertTrue(failed > 0, "some random payloads must be refused");
        }
    }

    @Test
    void refusesOtherChannelCountsAndUseAfterClose() {
        assertThrows(IllegalArgumentException.class, () -> new OpusDecoder(3));
        OpusDecoder decoder = new OpusDecoder(1);
        decoder.close();
        decoder.close();
        assertThrows(IllegalStateException.class, () -> decoder.decode(new byte[] {1}));
        assertThrows(IllegalStateException.class, () -> decoder.conceal(960));
    }
}
