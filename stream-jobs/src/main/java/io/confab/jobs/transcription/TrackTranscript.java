package io.confab.jobs.transcription;

import io.confab.jobs.track.AudioTrack;
import io.confab.jobs.track.MediaClock;
import io.confab.jobs.track.SilentPackets;
import io.confab.jobs.track.TrackCounters;
import io.confab.media.codec.PcmResampler;
import io.confab.storage.events.MediaPacket;
import io.confab.transcription.recognition.SpeechStream;
import io.confab.transcription.transcript.Partial;
import io.confab.transcription.transcript.Recognition;
import io.confab.transcription.transcript.Segment;
import java.util.ArrayList;
import java.util.List;

/**
 * One participant's audio track heard by the recognizer:
 * <pre>
 * tapped Opus ─▶ AudioTrack (jitter buffer, decode, concealment; 48 kHz on the run's timeline)
 *             ─▶ PcmResampler (16 kHz) ─▶ SpeechStream (VAD, Vosk) ─▶ partials and segments
 * </pre>
 * The run's timeline starts at MeetingStarted, so a sample's index is its offset in the meeting.
 * Audio is taken from the timeline up to {@code hold} behind the clock (late packets still find
 * their place) and gaps come out as silence, so the stream's time stays media time and the VAD, not
 * the recognizer, spends the silence of a muted or quiet participant.
 *
 * <p>Silence costs next to nothing: packets the sender marked silent ({@link SilentPackets}) are
 * not decoded, and a block of the timeline where nothing was written (those packets, or none at
 * all) goes to the stream as a count of silent samples ({@link SpeechStream#acceptSilence}), past
 * the resampler and the VAD's sample loop. Only while the resampler's memory holds nothing but
 * zeros: its output for zeros is then zeros, one sample in three, so skipping it changes nothing
 * but the work (whole steps of three samples, to keep its phase).
 */
final class TrackTranscript implements AutoCloseable {

    static final int RATE = AudioTrack.SAMPLE_RATE;
    /** At most this much audio per call into the stream: bounded buffers however far the clock jumped. */
    private static final int BLOCK = RATE / 5;
    /** Input samples per 16 kHz sample. */
    private static final int STEP = RATE / 16_000;
    /**
     * Trailing zeros the resampler must have been given before it can be skipped: its filter (the
     * default windowed sinc, 32 taps at the lower rate) reaches about 1 ms back; 10 ms is ample.
     */
    private static final int QUIET_TAIL = RATE / 100;

    /** What the recognizer heard, on the meeting's timeline (milliseconds since MeetingStarted). */
    sealed interface Heard {
        record Caption(int index, long startMs, long endMs, String text) implements Heard { }

        record Final(int index, long startMs, Segment segment) implements Heard { }
    }

    private final String participantId;
    private final long t0Micros;
    private final long holdMicros;
    private final AudioTrack audio;
    private final PcmResampler resampler = new PcmResampler(RATE, 16_000);
    private final SpeechStream stream;
    private final long originMs;
    private final short[] block = new short[BLOCK];
    final TrackCounters counters = new TrackCounters();
    /** How many zeros the resampler was given last (its memory is all zeros when this is long enough). */
    private long quietTail;
    /** The stream's index of the next final segment: captions before it belong to it. */
    int expectedIndex;

    /**
     * @param t0Micros   the run's start (MeetingStarted) in epoch microseconds
     * @param fromMicros where this track's audio begins on the same clock (its first packet)
     */
    TrackTranscript(String participantId, int clockRate, long t0Micros, long fromMicros, long holdMicros, SpeechStream stream) {
        this(participantId, clockRate, t0Micros, fromMicros, holdMicros, stream, SilentPackets.NONE);
    }

    /** @param silent packets not decoded at all: their span is heard as digital silence */
    TrackTranscript(String participantId, int clockRate, long t0Micros, long fromMicros, long holdMicros, SpeechStream stream,
                    SilentPackets silent) {
        this.participantId = participantId;
        this.t0Micros = t0Micros;
        this.holdMicros = holdMicros;
        long fromSample = Math.max(0, Math.floorDiv((fromMicros - t0Micros) * RATE, 1_000_000L));
        // The track is heard as the sender coded it: placed by its RTP clock from its first packet on,
        // never moved by later arrival times. Moving it (the recording's 20 ms tolerance, or the first
        // second's settling) shifted speech by a few milliseconds against the recognizer's 10 ms
        // frames, and the model heard other words than it did alone on the same clip. The cost: a
        // sender whose clock drifts from the SFU's moves its cue times by as much (0.1% is 3.6 s an hour).
        this.audio = new AudioTrack(participantId, clockRate, t0Micros, fromSample, MediaClock.ANCHORED_ONCE, counters, silent);
        this.stream = stream;
        this.originMs = fromSample * 1000 / RATE;
    }

    String participantId() {
        return participantId;
    }

    void offer(MediaPacket packet, long arrivalMicros) {
        audio.offer(packet, arrivalMicros);
    }

    /** Decodes what is due by {@code nowMicros} and feeds the recognizer up to {@code hold} before it. */
    List<Heard> advance(long nowMicros) {
        audio.drain(nowMicros);
        long target = Math.floorDiv((nowMicros - holdMicros - t0Micros) * RATE, 1_000_000L);
        List<Heard> heard = new ArrayList<>();
        while (audio.timeline().base() < target) {
            int count = (int) Math.min(BLOCK, target - audio.timeline().base());
            boolean written = audio.timeline().take(null, block, count);
            int skip = written || quietTail < QUIET_TAIL ? 0 : count - count % STEP;
            if (skip > 0) {
                collect(stream.acceptSilence(skip / STEP), heard);
            }
            if (skip < count) {
                short[] pcm16k = resampler.resample(block, skip, count - skip);
                collect(stream.accept(pcm16k), heard);
                noteTail(skip, count);
            }
        }
        return heard;
    }

    private void noteTail(int from, int to) {
        int zeros = 0;
        while (zeros < to - from && block[to - 1 - zeros] == 0) {
            zeros++;
        }
        quietTail = zeros == to - from ? quietTail + zeros : zeros;
    }

    /** Whether the recognizer side holds nothing unsettled: no utterance open, no speech waiting (see {@link SpeechStream#idle()}). */
    boolean idle() {
        return stream.idle();
    }

    /** Where the audio given to the stream ends, in epoch microseconds on the run's timeline. */
    long heardUntilMicros() {
        return t0Micros + audio.timeline().base() * 1_000_000L / RATE;
    }

    /** Everything still due, then the stream's last words (a participant left, the recording stopped). */
    List<Heard> finish(long nowMicros) {
        List<Heard> heard = advance(nowMicros + holdMicros);
        collect(stream.finish(), heard);
        return heard;
    }

    private void collect(List<Recognition> recognitions, List<Heard> into) {
        for (Recognition r : recognitions) {
            if (r instanceof Partial p) {
                into.add(new Heard.Caption(p.segmentIndex(), originMs + p.startMs(), originMs + p.endMs(), p.text()));
            } else if (r instanceof Segment s) {
                into.add(new Heard.Final(s.segmentIndex(), originMs, s));
            }
        }
    }

    io.confab.transcription.recognition.StreamCounters streamCounters() {
        return stream.counters();
    }

    @Override
    public void close() {
        try {
            stream.close();
        } finally {
            audio.close();
            resampler.close();
        }
    }
}
