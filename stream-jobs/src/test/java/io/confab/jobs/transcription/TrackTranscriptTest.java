package io.confab.jobs.transcription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.jobs.track.SilentPackets;
import io.confab.media.audio.AudioLevelMeter;
import io.confab.media.codec.OpusEncoder;
import io.confab.storage.events.MediaKind;
import io.confab.storage.events.MediaPacket;
import io.confab.transcription.Transcriber;
import io.confab.transcription.TranscriptionConfig;
import io.confab.transcription.bench.Espeak;
import io.confab.transcription.recognition.StreamCounters;
import io.confab.transcription.wer.WordErrorRate;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One track through the transcriber's path with the real model and real Opus, packets carrying the
 * RFC 6464 level a sender writes: what the sender marked silent is neither decoded nor looked at by
 * the voice detector, and speech after it is heard as when every packet is decoded.
 */
class TrackTranscriptTest {

    static final long T0_MICROS = 1_700_000_000_000_000L;
    static final long HOLD_MICROS = 400_000;
    static final String ADA = "the new team started work on monday and they are doing well";
    static final TranscriptionConfig SPEECH = TranscriptionConfig.defaults().withCacheDirectory(Path.of("target/vosk-cache"));
    static final SilentPackets SKIP = new SilentPackets(TranscriberConfig.DEFAULT_SILENT_LEVEL);

    static Transcriber transcriber;
    static Path scratch;

    @BeforeAll
    static void model() throws Exception {
        scratch = Files.createTempDirectory("track-transcript-test");
        transcriber = Transcriber.start(SPEECH);
    }

    @AfterAll
    static void close() {
        transcriber.close();
    }

    @Test
    void aTrackItsSenderMarkedSilentDecodesNothingAndFeedsNoRecognizer() throws Exception {
        List<MediaPacket> packets = packets(new short[48_000 * 20]);
        long leases = transcriber.pool().leases();
        Heard heard = hear(packets, SKIP);

        assertEquals(0, heard.decoded, "packets decoded out of 1000 silent ones");
        assertEquals(1000, heard.skipped, "packets skipped");
        assertEquals(0, heard.stream.framesRecognized(), heard.stream.toString());
        assertTrue(heard.stream.framesSilent() >= 0.95 * heard.stream.framesIn(),
                "the voice detector looked at no more than the first frames: " + heard.stream);
        assertEquals(leases, transcriber.pool().leases(), "no recognizer was borrowed");
        assertEquals(List.of(), heard.finals);
    }

    @Test
    void speechAfterSilenceIsHeardAsWhenEveryPacketIsDecoded() throws Exception {
        short[] sentence = Espeak.pcm("en-us", ADA, scratch, 48_000);
        short[] track = new short[48_000 * 6 + sentence.length + 48_000 * 3];
        System.arraycopy(sentence, 0, track, 48_000 * 6, sentence.length);
        List<MediaPacket> packets = packets(track);

        Heard everyPacket = hear(packets, SilentPackets.NONE);
        Heard skipping = hear(packets, SKIP);

        assertEquals(packets.size(), everyPacket.decoded);
        assertEquals(0, everyPacket.skipped);
        assertTrue(skipping.skipped >= 6 * 50 + 2 * 50, "the lead and the tail were not decoded: " + skipping.skipped + " skipped");
        assertEquals(packets.size(), skipping.decoded + skipping.skipped, "every packet decoded or skipped, once");
        assertTrue(skipping.stream.framesSilent() > 0, skipping.stream.toString());

        String heardAll = String.join(" ", everyPacket.finals.stream().map(f -> f.segment().text()).toList());
        String heardSkipping = String.join(" ", skipping.finals.stream().map(f -> f.segment().text()).toList());
        double werAll = WordErrorRate.of(ADA, heardAll).rate();
        double werSkipping = WordErrorRate.of(ADA, heardSkipping).rate();
        assertTrue(werSkipping <= 0.25 && werSkipping <= werAll + 0.09, "skipping the silence heard '" + heardSkipping
                + "' (WER " + werSkipping + "), decoding every packet '" + heardAll + "' (WER " + werAll + ")");
        long startAll = everyPacket.finals.get(0).startMs() + everyPacket.finals.get(0).segment().startMs();
        long startSkipping = skipping.finals.get(0).startMs() + skipping.finals.get(0).segment().startMs();
        assertTrue(Math.abs(startAll - startSkipping) <= 40, "the first word at " + startSkipping + " ms skipping, "
                + startAll + " ms decoding every packet");
        assertTrue(startSkipping >= 5_800 && startSkipping <= 7_000, "the sentence starts 6 s in: " + startSkipping);
    }

    private record Heard(List<TrackTranscript.Heard.Final> finals, long decoded, long skipped, StreamCounters stream) {
    }

    /** Feeds the packets in arrival order as the operator does, then finishes the track a second after the last. */
    private static Heard hear(List<MediaPacket> packets, SilentPackets silent) {
        List<TrackTranscript.Heard.Final> finals = new ArrayList<>();
        try (TrackTranscript track = new TrackTranscript("p-ada", 48_000, T0_MICROS, T0_MICROS, HOLD_MICROS, transcriber.openStream(),
                silent)) {
            long last = T0_MICROS;
            for (MediaPacket packet : packets) {
                last = micros(packet.getArrivalTime());
                track.offer(packet, last);
                collect(track.advance(last), finals);
            }
            collect(track.finish(last + 1_000_000), finals);
            return new Heard(finals, track.counters.packetsDecoded, track.counters.silentSkipped, track.streamCounters());
        }
    }

    private static void collect(List<TrackTranscript.Heard> heard, List<TrackTranscript.Heard.Final> finals) {
        heard.stream().filter(h -> h instanceof TrackTranscript.Heard.Final).forEach(h -> finals.add((TrackTranscript.Heard.Final) h));
    }

    /** 48 kHz PCM as 20 ms Opus packets at the bot's bitrate, each with the level its sender measured (RFC 6464). */
    private static List<MediaPacket> packets(short[] pcm) {
        List<MediaPacket> packets = new ArrayList<>();
        try (OpusEncoder encoder = new OpusEncoder()) {
            for (int i = 0; i * 960 < pcm.length; i++) {
                short[] frame = new short[960];
                System.arraycopy(pcm, i * 960, frame, 0, Math.min(960, pcm.length - i * 960));
                long arrival = T0_MICROS + i * 20_000L + (i % 3) * 4000;
                packets.add(MediaPacket.newBuilder().setMeetingId("m").setAccountId("a").setParticipantId("p-ada").setTrackId("t-ada")
                        .setKind(MediaKind.AUDIO).setCodec("opus").setClockRate(48_000).setSsrc(7).setSequenceNumber(i)
                        .setRtpTimestamp(i * 960L)
                        .setArrivalTime(Instant.ofEpochSecond(arrival / 1_000_000, arrival % 1_000_000 * 1000))
                        .setMarker(false).setPayloadType(111).setPayload(ByteBuffer.wrap(encoder.encode(frame)))
                        .setAudioLevel(AudioLevelMeter.level(frame, 0, frame.length)).build());
            }
        }
        return packets;
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
    }
}
