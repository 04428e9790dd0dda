package io.confab.transcription;

import io.confab.transcription.vad.VadSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Everything the transcription module can be told, in one place, with defaults. Loaded from system
 * properties ({@code -Dconfab.vosk.model=/path}) or any map of the same keys; a bad value stops
 * start-up with an {@link IllegalArgumentException} whose message names the key.
 *
 * @param modelPath      a Vosk model folder to use instead of the small English model from the
 *                       {@code vosk-model-en} artifact (key {@value #MODEL_KEY})
 * @param cacheDirectory where the artifact's model is unpacked, one folder per version
 *                       (key {@value #CACHE_KEY}, default {@code ~/.cache/confab/vosk})
 * @param recognizers    the pool's bound: recognizers that may decode at once in this process
 *                       (key {@value #RECOGNIZERS_KEY})
 * @param maxSegment     a final result is forced after this much audio in one segment
 *                       (key {@value #MAX_SEGMENT_KEY}, seconds)
 * @param partialEvery   how often a speaking stream reports its partial result
 * @param voskLog        Vosk's (Kaldi's) native log level (key {@value #VOSK_LOG_KEY})
 * @param vad            the voice activity detector's thresholds
 */
public record TranscriptionConfig(Optional<Path> modelPath, Path cacheDirectory, int recognizers, Duration maxSegment,
                                  Duration partialEvery, VoskLog voskLog, VadSettings vad) {

    public static final String MODEL_KEY = "confab.vosk.model";
    public static final String CACHE_KEY = "confab.vosk.cache";
    public static final String VOSK_LOG_KEY = "confab.vosk.log";
    public static final String RECOGNIZERS_KEY = "confab.transcription.recognizers";
    public static final String MAX_SEGMENT_KEY = "confab.transcription.max-segment-seconds";

    /**
     * Four recognizers: with voice activity detection a recognizer is held only while someone
     * speaks, and one core runs about three at real time (RTF 0.32), so four per 2-core process keep
     * up with overlapping speakers; more would only queue for the CPU.
     */
    public static final int DEFAULT_RECOGNIZERS = 4;
    /** The rule: captions and stored segments are cut at 30 s at most. */
    public static final Duration DEFAULT_MAX_SEGMENT = Duration.ofSeconds(30);

    /** Kaldi's verbosity: messages at or below the level print (LOG 0, WARNING -1, ERROR -2). */
    public enum VoskLog {
        OFF(-3), ERRORS(-2), WARNINGS(-1), INFO(0), DEBUG(1);

        private final int kaldiLevel;

        VoskLog(int kaldiLevel) {
            this.kaldiLevel = kaldiLevel;
        }

        public int kaldiLevel() {
            return kaldiLevel;
        }
    }

    public TranscriptionConfig {
        if (recognizers < 1 || recognizers > 256) {
            throw new IllegalArgumentException(RECOGNIZERS_KEY + ": " + recognizers + " is outside 1..256");
        }
        if (maxSegment.compareTo(Duration.ofSeconds(1)) < 0 || maxSegment.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException(MAX_SEGMENT_KEY + ": " + maxSegment.toSeconds() + " s is outside 1..300 s");
        }
        if (partialEvery.isNegative() || partialEvery.isZero()) {
            throw new IllegalArgumentException("partial result interval must be positive, not " + partialEvery);
        }
    }

    /** The defaults: the artifact's model, cached under the user's home, Vosk's native log off. */
    public static TranscriptionConfig defaults() {
        return new TranscriptionConfig(Optional.empty(), defaultCache(), DEFAULT_RECOGNIZERS, DEFAULT_MAX_SEGMENT,
                Duration.ofMillis(500), VoskLog.OFF, VadSettings.DEFAULTS);
    }

    /** The defaults overridden by {@code -Dconfab.vosk.model=...} and the other keys. */
    public static TranscriptionConfig fromSystemProperties() {
        return from(System.getProperties());
    }

    public static TranscriptionConfig from(Properties properties) {
        Map<String, String> values = new java.util.HashMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
        return from(values);
    }

    public static TranscriptionConfig from(Map<String, String> values) {
        TranscriptionConfig base = defaults();
        Optional<Path> model = Optional.ofNullable(values.get(MODEL_KEY)).filter(v -> !v.isBlank()).map(v -> Path.of(v.strip()));
        Path cache = Optional.ofNullable(values.get(CACHE_KEY)).filter(v -> !v.isBlank()).map(v -> Path.of(v.strip()))
                .orElse(base.cacheDirectory());
        int recognizers = integer(values, RECOGNIZERS_KEY, base.recognizers());
        Duration maxSegment = Duration.ofSeconds(integer(values, MAX_SEGMENT_KEY, (int) base.maxSegment().toSeconds()));
        VoskLog log = base.voskLog();
        String logValue = values.get(VOSK_LOG_KEY);
        if (logValue != null && !logValue.isBlank()) {
            try {
                log = VoskLog.valueOf(logValue.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(VOSK_LOG_KEY + ": '" + logValue + "' is not one of off, errors, warnings, info, debug");
            }
        }
        return new TranscriptionConfig(model, cache, recognizers, maxSegment, base.partialEvery(), log, base.vad());
    }

    private static int integer(Map<String, String> values, String key, int fallback) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not a whole number");
        }
    }

    private static Path defaultCache() {
        return Path.of(System.getProperty("user.home"), ".cache", "confab", "vosk");
    }

    public TranscriptionConfig withModelPath(Path path) {
        return new TranscriptionConfig(Optional.of(path), cacheDirectory, recognizers, maxSegment, partialEvery, voskLog, vad);
    }

    public TranscriptionConfig withCacheDirectory(Path directory) {
        return new TranscriptionConfig(modelPath, directory, recognizers, maxSegment, partialEvery, voskLog, vad);
    }

    public TranscriptionConfig withRecognizers(int count) {
        return new TranscriptionConfig(modelPath, cacheDirectory, count, maxSegment, partialEvery, voskLog, vad);
    }

    public TranscriptionConfig withMaxSegment(Duration duration) {
        return new TranscriptionConfig(modelPath, cacheDirectory, recognizers, duration, partialEvery, voskLog, vad);
    }

    public TranscriptionConfig withVad(VadSettings settings) {
        return new TranscriptionConfig(modelPath, cacheDirectory, recognizers, maxSegment, partialEvery, voskLog, settings);
    }
}
