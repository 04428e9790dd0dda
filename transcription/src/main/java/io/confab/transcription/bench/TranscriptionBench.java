package io.confab.transcription.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.confab.transcription.Transcriber;
import io.confab.transcription.TranscriptionConfig;
import io.confab.transcription.recognition.RecognizerPool;
import io.confab.transcription.recognition.SpeechStream;
import io.confab.transcription.recognition.StreamCounters;
import io.confab.transcription.transcript.Recognition;
import io.confab.transcription.transcript.Segment;
import io.confab.transcription.vad.VoiceActivityDetector;
import io.confab.transcription.wer.WordErrorRate;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code confab bench transcription}: what one core does with the small model on espeak-ng speech
 * that went through the bot's Opus path.
 *
 * <ol>
 *   <li>Real-time factor per stream: each voice's sentences back to back (0.3 s apart) through one
 *       speech stream; CPU time of the process over seconds of audio.</li>
 *   <li>A meeting where speakers take turns: N tracks, each silent except in its turns, fed 20 ms at
 *       a time on one thread as a Flink subtask would; streams per core = N x audio seconds / CPU
 *       seconds (voice activity detection on).</li>
 *   <li>Word error rate of both against the text espeak-ng was given, and how long after the last
 *       word each final segment came (in audio time: the hangover and end-pointing, not CPU).</li>
 * </ol>
 */
public final class TranscriptionBench {

    /** @param participants tracks in the turn-taking meeting */
    public record Settings(int participants, double turnGapSeconds) {
        public Settings {
            if (participants < 1 || participants > 200 || turnGapSeconds < 0 || turnGapSeconds > 10) {
                throw new IllegalArgumentException("--participants 1..200 and a turn gap of 0..10 s, not " + participants + ", " + turnGapSeconds);
            }
        }
    }

    public record Voice(String voice, double audioSeconds, double cpuSeconds, double realTimeFactor, WordErrorRate wer) {
    }

    /**
     * @param streamsPerCore       tracks one core keeps up with when speakers take turns
     * @param finalAfterSpeechMsP50 audio time from a segment's last word to the final result, median
     */
    public record Meeting(int participants, double audioSeconds, double cpuSeconds, double streamsPerCore,
                          double speechShare, long recognizerLeases, int recognizersMade, long finalAfterSpeechMsP50,
                          long finalAfterSpeechMsP95, WordErrorRate wer) {
    }

    /** @param vadMicrosPerFrame the voice activity detector's time per 20 ms frame of a silent or noisy track */
    public record Figures(String model, double modelLoadSeconds, List<Voice> voices, double realTimeFactor, WordErrorRate wer,
                          Meeting meeting, double vadMicrosPerFrame) {
    }

    /**
     * Process CPU time, not the calling thread's: Kaldi's matrix code may run on BLAS threads of its
     * own, which a thread's CPU time would not see. Nothing else runs in the process meanwhile.
     */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static final String WARM_UP = "this short text only gets the java code and the native library ready before measuring";

    private TranscriptionBench() {
    }

    public static Figures measure(Settings settings, TranscriptionConfig config, Consumer<String> progress) throws IOException {
        if (!Espeak.available()) {
            throw new IOException("espeak-ng is not installed (Debian package espeak-ng); the benchmark speaks with it");
        }
        Path scratch = Files.createTempDirectory("confab-bench-transcription-");
        try (Transcriber transcriber = Transcriber.start(config)) {
            progress.accept("model " + transcriber.model().source() + " loaded in " + transcriber.model().loadTime().toMillis() + " ms");
            progress.accept("speaking " + SpeechCorpus.VOICES.size() + " voices x 3 sentences with espeak-ng, through Opus at "
                    + OpusRoundTrip.BOT_BITRATE / 1000 + " kbit/s...");
            List<SpeechCorpus.Line> corpus = SpeechCorpus.spoken(scratch);

            progress.accept("warming up...");
            // Words the corpus does not use: Vosk caches the parts of its decoding graph it has
            // visited, so warming up on the measured sentences would flatter them.
            transcribe(transcriber, Espeak.pcm("en-us", WARM_UP, scratch, RecognizerPool.SAMPLE_RATE));

            List<Voice> voices = new ArrayList<>();
            WordErrorRate pooled = WordErrorRate.NONE;
            double audio = 0;
            double cpu = 0;
            for (String voice : SpeechCorpus.VOICES) {
                List<SpeechCorpus.Line> lines = corpus.stream().filter(l -> l.voice().equals(voice)).toList();
                short[] track = SpeechCorpus.track(lines, 0.3);
                long start = cpuNanos();
                String text = transcribe(transcriber, track);
                double seconds = (cpuNanos() - start) / 1e9;
                double audioSeconds = track.length / (double) RecognizerPool.SAMPLE_RATE;
                WordErrorRate wer = WordErrorRate.of(SpeechCorpus.reference(lines), text);
                voices.add(new Voice(voice, audioSeconds, seconds, seconds / audioSeconds, wer));
                progress.accept(String.format(Locale.ROOT, "%-9s RTF %.3f  %s", voice, seconds / audioSeconds, wer));
                pooled = pooled.plus(wer);
                audio += audioSeconds;
                cpu += seconds;
            }

            progress.accept(settings.participants() + " participants taking turns, one thread...");
            Meeting meeting = meeting(transcriber, corpus, settings);
            progress.accept("voice activity detector on 100 s of noise...");
            return new Figures(transcriber.model().source(), transcriber.model().loadTime().toMillis() / 1000.0, voices,
                    cpu / audio, pooled, meeting, vadMicrosPerFrame());
        } finally {
            try (var files = Files.walk(scratch)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String transcribe(Transcriber transcriber, short[] track) {
        SpeechStream stream = transcriber.openStream();
        List<Recognition> results = new ArrayList<>();
        for (int at = 0; at < track.length; at += VoiceActivityDetector.FRAME_SAMPLES) {
            results.addAll(stream.accept(track, at, Math.min(VoiceActivityDetector.FRAME_SAMPLES, track.length - at)));
        }
        results.addAll(stream.finish());
        return String.join(" ", results.stream().filter(r -> r instanceof Segment).map(Recognition::text).toList());
    }

    /**
     * Each participant's track is silence except its turns; turn k is corpus line k mod 9, spoken by
     * participant k mod N, with {@code turnGapSeconds} between turns; every participant speaks once.
     */
    private static Meeting meeting(Transcriber transcriber, List<SpeechCorpus.Line> corpus, Settings settings) {
        int n = settings.participants();
        int gap = (int) (settings.turnGapSeconds() * RecognizerPool.SAMPLE_RATE);
        int turns = Math.max(n, corpus.size());
        int length = gap;
        for (int k = 0; k < turns; k++) {
            length += corpus.get(k % corpus.size()).pcm16k().length + gap;
        }
        short[][] tracks = new short[n][length];
        StringBuilder[] references = new StringBuilder[n];
        Arrays.setAll(references, i -> new StringBuilder());
        int at = gap;
        for (int k = 0; k < turns; k++) {
            SpeechCorpus.Line line = corpus.get(k % corpus.size());
            System.arraycopy(line.pcm16k(), 0, tracks[k % n], at, line.pcm16k().length);
            references[k % n].append(line.text()).append(' ');
            at += line.pcm16k().length + gap;
        }

        long leasesBefore = transcriber.pool().leases();
        List<SpeechStream> streams = new ArrayList<>();
        List<List<Recognition>> results = new ArrayList<>();
        List<Long> finalDelays = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            streams.add(transcriber.openStream());
            results.add(new ArrayList<>());
        }
        int frame = VoiceActivityDetector.FRAME_SAMPLES;
        long start = cpuNanos();
        for (int position = 0; position < length; position += frame) {
            for (int i = 0; i < n; i++) {
                List<Recognition> out = streams.get(i).accept(tracks[i], position, Math.min(frame, length - position));
                for (Recognition r : out) {
                    if (r instanceof Segment segment) {
                        finalDelays.add(streams.get(i).positionMs() - segment.endMs());
                    }
                }
                results.get(i).addAll(out);
            }
        }
        StreamCounters counters = StreamCounters.ZERO;
        for (int i = 0; i < n; i++) {
            results.get(i).addAll(streams.get(i).finish());
            counters = counters.plus(streams.get(i).counters());
        }
        double cpu = (cpuNanos() - start) / 1e9;
        double audio = length / (double) RecognizerPool.SAMPLE_RATE;

        WordErrorRate wer = WordErrorRate.NONE;
        for (int i = 0; i < n; i++) {
            String text = String.join(" ", results.get(i).stream().filter(r -> r instanceof Segment).map(Recognition::text).toList());
            wer = wer.plus(WordErrorRate.of(references[i].toString(), text));
        }
        finalDelays.sort(null);
        return new Meeting(n, audio, cpu, n * audio / cpu, (double) counters.framesRecognized() / counters.framesIn(),
                transcriber.pool().leases() - leasesBefore, transcriber.pool().created(), percentile(finalDelays, 0.5),
                percentile(finalDelays, 0.95), wer);
    }

    /** The detector alone on 100 s of white noise (never speech, so every frame takes the full path), best of five. */
    private static double vadMicrosPerFrame() {
        java.util.Random random = new java.util.Random(1);
        short[] noise = new short[RecognizerPool.SAMPLE_RATE * 100];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (short) (random.nextGaussian() * 1000);
        }
        int frames = noise.length / VoiceActivityDetector.FRAME_SAMPLES;
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            VoiceActivityDetector vad = new VoiceActivityDetector(io.confab.transcription.vad.VadSettings.DEFAULTS);
            long start = cpuNanos();
            for (int at = 0; at + VoiceActivityDetector.FRAME_SAMPLES <= noise.length; at += VoiceActivityDetector.FRAME_SAMPLES) {
                vad.isSpeech(noise, at);
            }
            best = Math.min(best, (cpuNanos() - start) / 1e3 / frames);
        }
        return best;
    }

    private static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    /** The figures as the README's lines. */
    public static String report(Figures figures) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "model: %s (loaded in %.1f s)%n", figures.model(), figures.modelLoadSeconds()));
        for (Voice voice : figures.voices()) {
            out.append(String.format(Locale.ROOT, "  %-9s %5.1f s of audio, real-time factor %.3f, %s%n", voice.voice(),
                    voice.audioSeconds(), voice.realTimeFactor(), voice.wer()));
        }
        out.append(String.format(Locale.ROOT, "real-time factor per speaking stream: %.3f (%.1f streams of continuous speech per core)%n",
                figures.realTimeFactor(), 1 / figures.realTimeFactor()));
        out.append(String.format(Locale.ROOT, "baseline word error rate (Opus %d kbit/s, 3 voices): %s%n",
                OpusRoundTrip.BOT_BITRATE / 1000, figures.wer()));
        Meeting m = figures.meeting();
        out.append(String.format(Locale.ROOT, "meeting of %d taking turns: %.1f s of audio per track, %.1f s CPU on one thread,"
                        + " %.0f streams per core (VAD on; %.1f%% of frames recognized; %d recognizer leases, %d recognizers)%n",
                m.participants(), m.audioSeconds(), m.cpuSeconds(), m.streamsPerCore(), 100 * m.speechShare(), m.recognizerLeases(),
                m.recognizersMade()));
        out.append(String.format(Locale.ROOT, "  final segment after the last word (audio time): p50 %d ms, p95 %d ms; %s%n",
                m.finalAfterSpeechMsP50(), m.finalAfterSpeechMsP95(), m.wer()));
        out.append(String.format(Locale.ROOT, "voice activity detector: %.1f us CPU per 20 ms frame (%.3f%% of a core per silent track)%n",
                figures.vadMicrosPerFrame(), figures.vadMicrosPerFrame() / 20_000 * 100));
        return out.toString();
    }

    public static String json(Figures figures) throws IOException {
        return new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).writeValueAsString(figures);
    }

    /** {@code java ... TranscriptionBench [--participants N] [--json]}; {@code confab bench transcription} is the same. */
    public static void main(String[] args) throws IOException {
        int participants = 20;
        boolean asJson = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--participants" -> participants = Integer.parseInt(args[++i]);
                case "--json" -> asJson = true;
                case "--help", "-h" -> {
                    System.out.println("Usage: TranscriptionBench [--participants N] [--json]");
                    return;
                }
                default -> {
                    System.err.println("unknown option " + args[i] + "; see --help");
                    System.exit(2);
                }
            }
        }
        Figures figures = measure(new Settings(participants, 0.5), TranscriptionConfig.fromSystemProperties(), System.err::println);
        System.out.print(asJson ? json(figures) + System.lineSeparator() : report(figures));
    }
}
