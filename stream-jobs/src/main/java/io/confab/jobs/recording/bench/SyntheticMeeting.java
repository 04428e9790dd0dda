package io.confab.jobs.recording.bench;

import io.confab.media.codec.OpusEncoder;
import io.confab.media.codec.Vp8Encoder;
import io.confab.media.picture.I420Frame;
import io.confab.media.picture.OneFrameSource;
import io.confab.media.picture.VideoSource;
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
 * Media as the SFU would tap it into media.packets, made with the real encoders: the recording
 * tests' known content and the recording bench's input.
 *
 * <p>Known content: a participant's camera shows a dark frame with a white flash at chosen instants
 * and their microphone beeps at the same instants (1 kHz); another participant's microphone beeps
 * (440 Hz) at other instants. Realistic content for the bench: a camera of moving, detailed,
 * slightly noisy pictures ({@link MovingScene}) and a voice-like microphone, since what the
 * decoders and x264 cost depends on the content. Packets get the arrival times of a lossy,
 * jittery network: reordered, a few duplicated as RTX repairs are, a few lost.
 */
public final class SyntheticMeeting {

    public static final int FPS = 30;
    public static final int BEEP_MS = 100;
    /** Opus at 48 kbit/s, as browsers send speech (WebRTC's default for mono is 32-64 kbit/s). */
    static final int OPUS_BITRATE = 48_000;

    final String meetingId = "m-synthetic";
    final String accountId = "acct-1";
    final long t0Micros;
    private final Random random = new Random(7);
    private final List<MediaPacket> packets = new ArrayList<>();

    /** @param t0Micros when the first packet of every track is sent (epoch microseconds) */
    public SyntheticMeeting(long t0Micros) {
        this.t0Micros = t0Micros;
    }

    /** Audio of {@code seconds}, beeping at {@code frequency} for 100 ms at each of {@code beepsMs}. */
    public SyntheticMeeting audio(String participant, long ssrc, int seconds, double frequency, long... beepsMs) {
        return microphone(participant, ssrc, seconds, (sample, pcm) -> {
            for (int i = 0; i < pcm.length; i++) {
                if (beeping((sample + i) / 48, beepsMs)) {
                    pcm[i] = (short) (12_000 * Math.sin(2 * Math.PI * frequency * (sample + i) / 48_000.0));
                }
            }
        });
    }

    /**
     * A voice-like microphone of {@code seconds}: a voiced tone whose pitch wanders around 120-220 Hz
     * with its harmonics and a little breath noise, in syllables of about 200 ms, with pauses, so
     * the Opus encoder and decoder work as they do on speech rather than on silence or a pure tone.
     */
    public SyntheticMeeting voice(String participant, long ssrc, int seconds, long seed) {
        Random noise = new Random(seed);
        double pitch = 120 + (seed % 5) * 25;
        double[] phase = new double[1];
        return microphone(participant, ssrc, seconds, (sample, pcm) -> {
            for (int i = 0; i < pcm.length; i++) {
                double t = (sample + i) / 48_000.0;
                // Syllables: a raised sine envelope at 5 Hz, and every third second half silent.
                double envelope = Math.max(0, Math.sin(2 * Math.PI * 2.5 * t + seed));
                if (((long) t + seed) % 3 == 2 && (t % 1.0) > 0.5) {
                    envelope = 0;
                }
                double f0 = pitch * (1 + 0.15 * Math.sin(2 * Math.PI * 0.7 * t + seed));
                phase[0] += 2 * Math.PI * f0 / 48_000.0;
                double voiced = Math.sin(phase[0]) + 0.5 * Math.sin(2 * phase[0]) + 0.25 * Math.sin(3 * phase[0]);
                pcm[i] = (short) (envelope * 6_000 * voiced + noise.nextGaussian() * 150);
            }
        });
    }

    /** Fills one 20 ms frame of 960 samples that starts at {@code sample} (from the track's start). */
    private interface Microphone {
        void fill(long sample, short[] pcm);
    }

    private SyntheticMeeting microphone(String participant, long ssrc, int seconds, Microphone microphone) {
        try (OpusEncoder encoder = new OpusEncoder(OPUS_BITRATE)) {
            int frames = seconds * 50;
            int sequence = 40_000 + random.nextInt(20_000);
            long rtp = random.nextInt(1 << 30);
            for (int f = 0; f < frames; f++) {
                short[] pcm = new short[960];
                microphone.fill(f * 960L, pcm);
                byte[] payload = encoder.encode(pcm);
                long sent = t0Micros + f * 20_000L;
                add(packet(participant, "audio-" + participant, MediaKind.AUDIO, "opus", 48_000, ssrc, (sequence + f) & 0xffff,
                        (rtp + f * 960L) & 0xffffffffL, sent, false, payload));
            }
        }
        return this;
    }

    /** Video of {@code seconds} at 30 fps, {@code width}x{@code height}: dark, white at each of {@code flashesMs}. */
    public SyntheticMeeting video(String participant, long ssrc, int seconds, int width, int height, long... flashesMs) {
        int[] number = new int[1];
        VideoSource flashes = new OneFrameSource(new I420Frame(width, height)) {
            @Override
            public I420Frame nextFrame() {
                boolean flash = beeping(number[0]++ * 1000L / FPS, flashesMs);
                Arrays.fill(frame.data(), 0, frame.lumaLength(), (byte) (flash ? 235 : 40));
                return frame;
            }
        };
        return camera(participant, ssrc, seconds, flashes, 800_000);
    }

    /** A camera of {@code seconds} at 30 fps showing {@code source}'s pictures, VP8 at {@code bitrate} bit/s. */
    public SyntheticMeeting camera(String participant, long ssrc, int seconds, VideoSource source, int bitrate) {
        try (Vp8Encoder encoder = new Vp8Encoder(source.width(), source.height(), bitrate)) {
            Vp8Packetizer packetizer = new Vp8Packetizer();
            int sequence = random.nextInt(60_000);
            long rtp = random.nextInt(1 << 30);
            for (int f = 0; f < seconds * FPS; f++) {
                long ms = f * 1000L / FPS;
                Optional<Vp8Frame> frame = encoder.encode(source.nextFrame());
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
    public List<MediaPacket> arrivals() {
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

    /** A packet's arrival at the SFU, epoch microseconds. */
    public static long micros(MediaPacket p) {
        Instant arrival = p.getArrivalTime();
        return arrival.getEpochSecond() * 1_000_000 + arrival.getNano() / 1000;
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
