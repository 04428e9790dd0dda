package io.confab.jobs.transcription;

import io.confab.jobs.config.JobConnections;
import io.confab.jobs.config.JobProperties;
import io.confab.transcription.TranscriptionConfig;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Everything the transcription job is configured with, from one properties file the launcher writes
 * (mode 0600: it holds the S3 keys). The speech model keys are the transcription module's own
 * ({@code confab.vosk.model}, {@code confab.transcription.recognizers}, ...), checked here at
 * submission so that a bad value stops the job with one line naming the key.
 */
public record TranscriberConfig(
        JobConnections connections,
        String language,
        Duration hold,
        Duration pendingHold,
        Duration drain,
        Duration idleTimeout,
        Duration checkpointEvery,
        HashMap<String, String> speech,
        int silentLevel) implements Serializable {

    /**
     * The RFC 6464 level (-dBov) from which on a tapped packet is not decoded: 60, 10 dB under the
     * voice detector's floor (-50 dBFS RMS, the same scale), which never calls a quieter frame speech;
     * the margin covers what decoding, resampling and the high-pass change in a frame's level, and
     * keeps the quiet pre-roll before a word (an unvoiced "s" at -55) decoded. Digital silence and a
     * muted microphone are 127. 128 decodes every packet.
     */
    public static final int DEFAULT_SILENT_LEVEL = 60;

    /** The transcriber's rule for packets it need not decode. */
    public io.confab.jobs.track.SilentPackets silentPackets() {
        return new io.confab.jobs.track.SilentPackets(silentLevel);
    }

    private static final String JOB = "transcription job";

    static final Set<String> KEYS = Stream.concat(JobProperties.CONNECTION_KEYS.stream(), Stream.of("language", "hold.ms",
            "pending-hold.ms", "drain.ms", "idle-timeout.seconds", "checkpoint.seconds", "silent-level",
            TranscriptionConfig.MODEL_KEY, TranscriptionConfig.CACHE_KEY, TranscriptionConfig.VOSK_LOG_KEY,
            TranscriptionConfig.RECOGNIZERS_KEY, TranscriptionConfig.MAX_SEGMENT_KEY)).collect(Collectors.toUnmodifiableSet());

    public static TranscriberConfig read(Path file) throws IOException {
        return of(JobProperties.load(file));
    }

    public static TranscriberConfig of(Properties file) {
        JobProperties p = JobProperties.of(file, JOB, KEYS);
        HashMap<String, String> speech = new HashMap<>();
        for (String key : file.stringPropertyNames()) {
            if (key.startsWith("confab.")) {
                speech.put(key, file.getProperty(key));
            }
        }
        try {
            TranscriptionConfig.from(speech);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("transcription job: " + e.getMessage());
        }
        return new TranscriberConfig(
                p.connections("confab-transcription"),
                p.optional("language", "en-US"),
                Duration.ofMillis(p.integer("hold.ms", 400)),
                Duration.ofMillis(p.integer("pending-hold.ms", 5000)),
                Duration.ofMillis(p.integer("drain.ms", 2000)),
                Duration.ofSeconds(p.integer("idle-timeout.seconds", 120)),
                Duration.ofSeconds(p.integer("checkpoint.seconds", 5)),
                speech,
                silentLevel(p));
    }

    /** The speech model and recognizer settings, as the transcription module reads them. */
    public TranscriptionConfig speechConfig() {
        return TranscriptionConfig.from(Map.copyOf(speech));
    }

    /** A store talking to S3 and Cassandra with these settings. */
    static TranscriptStore.Factory storeFactory(TranscriberConfig config) {
        return () -> new CassandraS3TranscriptStore(config);
    }

    private static int silentLevel(JobProperties p) {
        int level = p.integer("silent-level", DEFAULT_SILENT_LEVEL);
        if (level > 128) {
            throw new IllegalArgumentException("transcription job: silent-level is an RFC 6464 level, 0 to 127 (-dBov), or 128 to decode"
                    + " every packet; was " + level);
        }
        return level;
    }
}
