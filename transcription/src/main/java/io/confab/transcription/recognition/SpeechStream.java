package io.confab.transcription.recognition;

import io.confab.transcription.TranscriptionConfig;
import io.confab.transcription.transcript.Partial;
import io.confab.transcription.transcript.Recognition;
import io.confab.transcription.transcript.Segment;
import io.confab.transcription.transcript.Word;
import io.confab.transcription.vad.VoiceActivityDetector;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * One track's audio (16 kHz, 16-bit mono PCM, in pieces of any size) in, partial and final results
 * out, with word times in milliseconds from the stream's first sample. The caller places them on
 * the meeting timeline by adding the track's own start.
 *
 * <p>The path of each 20 ms frame: {@link VoiceActivityDetector} → (silence: kept as pre-roll,
 * counted, never recognized) → borrow a recognizer from the pool at speech onset → Vosk → a
 * {@link Segment} when Vosk's end-pointing finds a pause, when the segment reaches the maximum
 * length, or when the speech ends (the recognizer then goes back to the pool). When every
 * recognizer is busy the frames wait here, in order, up to one maximum segment of audio, and are
 * recognized once one is free; older frames beyond that are dropped and counted.
 *
 * <p>For one thread (a Flink operator keeps one per track in keyed state's place); not thread-safe.
 */
public final class SpeechStream implements AutoCloseable {
    private static final int FRAME = VoiceActivityDetector.FRAME_SAMPLES;
    /** How long {@link #finish()} waits for a recognizer for the audio still held. */
    private static final Duration FINISH_WAIT = Duration.ofSeconds(30);
    /** How long a batch stream waits for a busy pool before it gives up on the file. */
    private static final int BATCH_WAIT_MINUTES = 10;

    private record Frame(short[] pcm, long index, boolean speech) {
    }

    /** A frame of digital silence, shared: frames are only ever read. */
    private static final short[] SILENT_FRAME = new short[FRAME];

    private final RecognizerPool pool;
    private final VoiceActivityDetector vad;
    private final long maxSegmentSamples;
    private final long partialEverySamples;
    private final int preRollFrames;
    private final int maxBacklogFrames;
    /** Batch: wait for a recognizer (the caller has a thread of its own) instead of holding audio. */
    private final boolean waitForRecognizer;

    private final short[] partialFrame = new short[FRAME];
    private int partialFill;
    private long frameIndex;
    private final Deque<Frame> pending = new ArrayDeque<>();
    private final Deque<Frame> preRoll = new ArrayDeque<>();

    private PooledRecognizer recognizer;
    /** The recognizer's sample count, and the stream's sample, where this utterance's feeding began. */
    private long recognizerBase;
    private long utteranceStart;
    private long segmentSamples;
    private long samplesSincePartial;
    private String lastPartial = "";
    private int segmentIndex;
    private boolean finished;

    private long framesIn;
    private long framesRecognized;
    private long framesSkipped;
    private long framesDropped;
    private long framesSilent;
    private long recognizerWaits;
    private long utterances;
    private long segments;
    private long forcedCuts;
    private long partials;
    private long recognizerNanos;

    public SpeechStream(RecognizerPool pool, TranscriptionConfig config) {
        this(pool, config, false);
    }

    /**
     * A stream for a caller with a thread of its own (a file being transcribed): when every
     * recognizer is busy it waits for one (up to {@value #BATCH_WAIT_MINUTES} minutes) rather than
     * holding audio and, past 30 s, dropping it.
     */
    public static SpeechStream waitingForRecognizers(RecognizerPool pool, TranscriptionConfig config) {
        return new SpeechStream(pool, config, true);
    }

    private SpeechStream(RecognizerPool pool, TranscriptionConfig config, boolean waitForRecognizer) {
        this.waitForRecognizer = waitForRecognizer;
        this.pool = pool;
        this.vad = new VoiceActivityDetector(config.vad());
        this.maxSegmentSamples = config.maxSegment().toMillis() * RecognizerPool.SAMPLE_RATE / 1000;
        this.partialEverySamples = config.partialEvery().toMillis() * RecognizerPool.SAMPLE_RATE / 1000;
        this.preRollFrames = config.vad().preRollFrames();
        this.maxBacklogFrames = (int) (maxSegmentSamples / FRAME);
    }

    /** Feeds {@code length} samples; returns what became known (often nothing). */
    public List<Recognition> accept(short[] pcm, int offset, int length) {
        if (finished) {
            throw new IllegalStateException("this speech stream has finished");
        }
        if (offset < 0 || length < 0 || offset > pcm.length - length) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " is outside " + pcm.length + " samples");
        }
        List<Recognition> out = new ArrayList<>();
        int at = offset;
        int end = offset + length;
        while (at < end) {
            int take = Math.min(FRAME - partialFill, end - at);
            System.arraycopy(pcm, at, partialFrame, partialFill, take);
            partialFill += take;
            at += take;
            if (partialFill == FRAME) {
                partialFill = 0;
                enqueue(partialFrame.clone());
                drain(out);
            }
        }
        return out;
    }

    public List<Recognition> accept(short[] pcm) {
        return accept(pcm, 0, pcm.length);
    }

    /**
     * Feeds {@code length} samples of digital silence (a caller that knows its audio is zeros: the
     * sender marked it silent, and it was never decoded). The outcome is what {@link #accept} would
     * give for that many zeros: while anything is open (an utterance, audio waiting for a
     * recognizer, the detector's hangover or onset, sound in the part-filled frame) the zeros go the
     * ordinary way, frame by frame; once all is at rest the frames they complete are only counted,
     * kept as pre-roll (the last few) and aged in the detector, without a look at their samples.
     */
    public List<Recognition> acceptSilence(long length) {
        if (finished) {
            throw new IllegalStateException("this speech stream has finished");
        }
        if (length < 0) {
            throw new IllegalArgumentException("a negative amount of silence: " + length);
        }
        List<Recognition> out = new ArrayList<>();
        long left = length;
        while (left > 0 && !atRest()) {
            int take = (int) Math.min(left, FRAME - partialFill);
            out.addAll(accept(SILENT_FRAME, 0, take));
            left -= take;
        }
        if (left > 0) {
            // The part-filled frame holds zeros only, so every frame completed here is a frame of zeros.
            long total = partialFill + left;
            long frames = total / FRAME;
            if (frames > 0) {
                vad.hearSilence(frames);
                framesIn += frames;
                framesSkipped += frames;
                framesSilent += frames;
                for (long i = Math.max(0, frames - preRollFrames); i < frames; i++) {
                    keepAsPreRoll(new Frame(SILENT_FRAME, frameIndex + i, false));
                }
                frameIndex += frames;
            }
            partialFill = (int) (total % FRAME);
            java.util.Arrays.fill(partialFrame, 0, partialFill, (short) 0);
        }
        return out;
    }

    /**
     * The end of the track: the last piece is padded to a frame, audio still waiting for a recognizer
     * is recognized (waiting up to 30 s for one), and the open segment is made final.
     */
    public List<Recognition> finish() {
        if (finished) {
            return List.of();
        }
        List<Recognition> out = new ArrayList<>();
        if (partialFill > 0) {
            short[] last = partialFrame.clone();
            java.util.Arrays.fill(last, partialFill, FRAME, (short) 0);
            partialFill = 0;
            enqueue(last);
        }
        drain(out);
        if (!pending.isEmpty() && recognizer == null) {
            try {
                startUtterance(pool.acquire(FINISH_WAIT));
                drain(out);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IllegalStateException e) {
                // No recognizer came: what is left is lost, and counted.
            }
            framesDropped += pending.size();
            pending.clear();
        }
        endUtterance(Segment.Cut.STREAM_END, out);
        finished = true;
        return out;
    }

    /**
     * Whether everything given so far is settled: no utterance open and no speech waiting for a
     * recognizer. Only the pre-roll is kept then, so a caller that keeps the input for a rebuild
     * needs no more of it than the pre-roll's length.
     */
    public boolean idle() {
        return recognizer == null && pending.isEmpty();
    }

    /** Nothing open: no utterance, nothing waiting for a recognizer, the detector at rest, and only zeros in the part-filled frame. */
    private boolean atRest() {
        if (recognizer != null || !pending.isEmpty() || !vad.atRest()) {
            return false;
        }
        for (int i = 0; i < partialFill; i++) {
            if (partialFrame[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private void enqueue(short[] pcm) {
        framesIn++;
        pending.addLast(new Frame(pcm, frameIndex++, vad.isSpeech(pcm, 0)));
        while (pending.size() > maxBacklogFrames) {
            pending.pollFirst();
            framesDropped++;
        }
    }

    private void drain(List<Recognition> out) {
        while (!pending.isEmpty()) {
            Frame frame = pending.peekFirst();
            if (recognizer == null) {
                if (!frame.speech()) {
                    pending.pollFirst();
                    keepAsPreRoll(frame);
                    framesSkipped++;
                    continue;
                }
                Optional<PooledRecognizer> lent = pool.tryAcquire();
                if (lent.isEmpty()) {
                    recognizerWaits++;
                    if (!waitForRecognizer) {
                        return;
                    }
                    lent = Optional.of(acquireWaiting());
                }
                startUtterance(lent.get());
            }
            if (frame.speech()) {
                pending.pollFirst();
                feed(frame.pcm(), out);
            } else {
                // Speech ended: this frame is silence again, handled on the next turn of the loop.
                endUtterance(Segment.Cut.SPEECH_ENDED, out);
            }
        }
    }

    private PooledRecognizer acquireWaiting() {
        try {
            return pool.acquire(Duration.ofMinutes(BATCH_WAIT_MINUTES));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a recognizer", e);
        }
    }

    private void keepAsPreRoll(Frame frame) {
        if (preRollFrames == 0) {
            return;
        }
        if (preRoll.size() == preRollFrames) {
            preRoll.pollFirst();
        }
        preRoll.addLast(frame);
    }

    private void startUtterance(PooledRecognizer lent) {
        recognizer = lent;
        recognizerBase = lent.samplesFed();
        Frame first = preRoll.isEmpty() ? pending.peekFirst() : preRoll.peekFirst();
        utteranceStart = first == null ? frameIndex * FRAME : first.index() * FRAME;
        segmentSamples = 0;
        samplesSincePartial = 0;
        utterances++;
        List<Recognition> ignored = new ArrayList<>();
        while (!preRoll.isEmpty()) {
            // Pre-roll frames were counted as skipped when they came; now they are recognized after all.
            framesSkipped--;
            feed(preRoll.pollFirst().pcm(), ignored);
        }
    }

    private void feed(short[] pcm, List<Recognition> out) {
        long start = System.nanoTime();
        boolean endpoint = recognizer.accept(pcm, pcm.length);
        framesRecognized++;
        segmentSamples += pcm.length;
        samplesSincePartial += pcm.length;
        if (endpoint) {
            emitFinal(recognizer.result(), Segment.Cut.PAUSE, out);
        } else if (segmentSamples >= maxSegmentSamples) {
            forcedCuts++;
            emitFinal(recognizer.finalResult(), Segment.Cut.MAX_LENGTH, out);
        } else if (samplesSincePartial >= partialEverySamples) {
            samplesSincePartial = 0;
            emitPartial(recognizer.partialResult(), out);
        }
        recognizerNanos += System.nanoTime() - start;
    }

    private void endUtterance(Segment.Cut cut, List<Recognition> out) {
        if (recognizer == null) {
            return;
        }
        long start = System.nanoTime();
        emitFinal(recognizer.finalResult(), cut, out);
        recognizer.release();
        recognizerNanos += System.nanoTime() - start;
        recognizer = null;
    }

    private void emitFinal(String json, Segment.Cut cut, List<Recognition> out) {
        segmentSamples = 0;
        samplesSincePartial = 0;
        lastPartial = "";
        VoskResult result = VoskResult.parseFinal(json);
        if (result.words().isEmpty()) {
            return;
        }
        List<Word> words = new ArrayList<>(result.words().size());
        double confidence = 0;
        for (VoskResult.TimedWord word : result.words()) {
            words.add(new Word(word.word(), toStreamMs(word.startSample()), toStreamMs(word.endSample()), word.confidence()));
            confidence += word.confidence();
        }
        String text = String.join(" ", words.stream().map(Word::text).toList());
        out.add(new Segment(segmentIndex++, words.get(0).startMs(), words.get(words.size() - 1).endMs(), text, words,
                confidence / words.size(), cut));
        segments++;
    }

    private void emitPartial(String json, List<Recognition> out) {
        VoskResult result = VoskResult.parsePartial(json);
        if (result.text().isEmpty() || result.text().equals(lastPartial)) {
            return;
        }
        lastPartial = result.text();
        long startMs = result.words().isEmpty() ? toStreamMs(recognizer.samplesFed() - segmentSamples)
                : toStreamMs(result.words().get(0).startSample());
        long endMs = result.words().isEmpty() ? toStreamMs(recognizer.samplesFed())
                : toStreamMs(result.words().get(result.words().size() - 1).endSample());
        out.add(new Partial(segmentIndex, startMs, Math.max(startMs, endMs), result.text()));
        partials++;
    }

    /** A recognizer sample position to milliseconds on this stream's timeline. */
    private long toStreamMs(long recognizerSample) {
        return (utteranceStart + (recognizerSample - recognizerBase)) * 1000 / RecognizerPool.SAMPLE_RATE;
    }

    /** Milliseconds of audio received so far. */
    public long positionMs() {
        return (frameIndex * FRAME + partialFill) * 1000L / RecognizerPool.SAMPLE_RATE;
    }

    /** Whether a recognizer is held right now (speech in progress). */
    public boolean holdsRecognizer() {
        return recognizer != null;
    }

    public StreamCounters counters() {
        return new StreamCounters(framesIn, framesRecognized, framesSkipped, framesDropped, recognizerWaits, utterances,
                segments, forcedCuts, partials, recognizerNanos, framesSilent);
    }

    /** Gives a held recognizer back without a final result (a track that vanished); prefer {@link #finish()}. */
    @Override
    public void close() {
        if (recognizer != null) {
            recognizer.release();
            recognizer = null;
        }
        pending.clear();
        finished = true;
    }
}
