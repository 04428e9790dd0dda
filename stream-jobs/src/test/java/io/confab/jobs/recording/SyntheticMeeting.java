package io.confab.jobs.recording;

import io.confab.media.codec.OpusEncoder;
import io.confab.media.codec.Vp8Encoder;
import io.confab.media.picture.I420Frame;
import io.confab.media.vp8.Vp8Frame;
import io.confab.media.vp8.Vp8Packetizer;
import io.confab.storage.events.MediaKind;
import io.confab.storage.events.MediaPacket;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Known content as the SFU would tap it, made with the real encoders: a participant's camera shows
 * a dark frame with a white flash at chosen instants and their microphone beeps at the same
 * instants (1 kHz); another participant's microphone beeps (440 Hz) at other instants. Packets
 * get the arrival times of a lossy, jittery network: reordered, a few duplicated as RTX repairs
 * are, a few lost.
 */
final class SyntheticMeeting {

    static final int FPS = 30;
    static final int BEEP_MS = 100;

    final String meetingId = "m-synthetic";
    final String accountId = "acct-1";
    final long t0Micros;
    private final Random random = new Random(7);
    private final List<MediaPacket> packets = new ArrayList<>();

    SyntheticMeeting(long t0Micros) {
        this.t0Micros = t0Micros;
    }

    /** Audio of {@code seconds}, beeping at {@code frequency} for 100 ms at each of {@code beepsMs}. */
    SyntheticMeeting audio(String participant, long ssrc, int seconds, double frequency, long... beepsMs) {
        try (OpusEncoder encoder = new OpusEncoder(48_000)) {
            int frames = seconds * 50;
            int sequence = 40_000 + random.nextInt(20_000);
            long rtp = random.nextInt(1 << 30);
            for (int f = 0; f < frames; f++) {
                short[] pcm = new short[960];
                for (int i = 0; i < 960; i++) {
                    long sampleMs = (f * 960L + i) / 48;
                    if (beeping(sampleMs, beepsMs)) {
                        pcm[i] = (short) (12_000 * Math.sin(2 * Math.PI * frequency * (f * 960 + i) / 48_000.0));
                    }
                }
                byte[] payload = encoder.encode(pcm);
                long sent = t0Micros + f * 20_000L;
                add(packet(participant, "audio-" + participant, MediaKind.AUDIO, "opus", 48_000, ssrc, (sequence + f) & 0xffff,
                        (rtp + f * 960L) & 0xffffffffL, sent, false, payload));
            }
        }
        return this;
    }

    /** Video of {@code seconds} at 30 fps, {@code width}x{@code height}: dark, white at each of {@code flashesMs}. */
    SyntheticMeeting video(String participant, long ssrc, int seconds, int width, int height, long... flashesMs) {
        try (Vp8Encoder encoder = new Vp8Encoder(width, height, 800_000)) {
            Vp8Packetizer packetizer = new Vp8Packetizer();
            int sequence = random.nextInt(60_000);
            long rtp = random.nextInt(1 << 30);
            I420Frame picture = new I420Frame(width, height);
            for (int f = 0; f < seconds * FPS; f++) {
                long ms = f * 1000L / FPS;
                boolean flash = beeping(ms, flashesMs);
                Arrays.fill(picture.data(), 0, picture.lumaLength(), (byte) (flash ? 235 : 40));
                Optional<Vp8Frame> frame = encoder.encode(picture);
                if (frame.isEmpty()) {
                    continue;
                }
                List<byte[]> payloads = packetizer.packetize(frame.get());
                long sent = t0Micros + ms * 1000;
                for (int i = 0; i < payloads.size(); i++) {
                    add(packet(participant, "video-" + participant, MediaKind.VIDEO, "VP8", 90_000, ssrc, sequence & 0xffff,
                            (rtp + f * 3000L) & 0xffffffffL, sent + i * 50L, i == payloads.size() - 1, payloads.get(i)));
                    sequence++;
                }
            }
        }
        return this;
    }

    /**
     * The packets in arrival order, with jitter (0-15 ms), 2% repeated later (as RTX repairs are
     * tapped again) and 1% of the audio lost (concealed). Video is not lost: without the SFU's
     * NACK and PLI, a lost packet would freeze the picture until the next key frame, 3 s later.
     */
    List<MediaPacket> arrivals() {
        List<MediaPacket> out = new ArrayList<>();
        for (MediaPacket p : packets) {
            if (p.getKind() == MediaKind.AUDIO && random.nextInt(100) == 0) {
                continue;
            }
            out.add(arrivingAt(p, micros(p) + random.nextInt(15_000)));
            if (random.nextInt(50) == 0) {
                out.add(arrivingAt(p, micros(p) + 60_000 + random.nextInt(40_000)));
            }
        }
        out.sort(Comparator.comparingLong(SyntheticMeeting::micros));
        return out;
    }

    static long micros(MediaPacket p) {
        return RecordingMixer.micros(p.getArrivalTime());
    }

    private static boolean beeping(long ms, long[] at) {
        for (long start : at) {
            if (ms >= start && ms < start + BEEP_MS) {
                return true;
            }
        }
        return false;
    }

    private void add(MediaPacket packet) {
        packets.add(packet);
    }

    private MediaPacket arrivingAt(MediaPacket p, long micros) {
        return MediaPacket.newBuilder(p).setArrivalTime(Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000)).build();
    }

    private MediaPacket packet(String participant, String track, MediaKind kind, String codec, int clockRate, long ssrc,
                               int sequence, long rtp, long arrivalMicros, boolean marker, byte[] payload) {
        return MediaPacket.newBuilder()
                .setMeetingId(meetingId)
                .setAccountId(accountId)
                .setParticipantId(participant)
                .setTrackId(track)
                .setKind(kind)
                .setCodec(codec)
                .setClockRate(clockRate)
                .setSsrc(ssrc)
                .setSequenceNumber(sequence)
                .setRtpTimestamp(rtp)
                .setArrivalTime(Instant.ofEpochSecond(arrivalMicros / 1_000_000, (arrivalMicros % 1_000_000) * 1000))
                .setMarker(marker)
                .setPayloadType(kind == MediaKind.AUDIO ? 111 : 96)
                .setPayload(ByteBuffer.wrap(payload))
                .build();
    }
}
