package io.confab.jobs.transcription;

import io.confab.jobs.kafka.KafkaIo;
import io.confab.storage.cassandra.CassandraLogin;
import io.confab.storage.kafka.KafkaLogin;
import io.confab.storage.s3.S3Endpoint;
import io.confab.transcription.TranscriptionConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything the transcription job is configured with, from one properties file the launcher writes
 * (mode 0600: it holds the S3 keys). The speech model keys are the transcription module's own
 * ({@code confab.vosk.model}, {@code confab.transcription.recognizers}, ...), checked here at
 * submission so that a bad value stops the job with one line naming the key.
 */
public record TranscriberConfig(
        String kafkaBootstrap,
        KafkaLogin kafkaLogin,
        String consumerGroup,
        String s3Endpoint, String s3Region, String s3AccessKey, String s3SecretKey, String s3Bucket,
        String cassandraContactPoint, String cassandraDatacenter, CassandraLogin cassandraLogin,
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

    /** The S3 API the job writes to, built into a client on the TaskManager. */
    public S3Endpoint s3() {
        return S3Endpoint.pathStyle(s3Endpoint, s3Region, s3AccessKey, s3SecretKey);
    }

    static final Set<String> KEYS = Set.of("kafka.bootstrap", "kafka.user", "kafka.password", "kafka.group", "s3.endpoint", "s3.region", "s3.access-key",
            "s3.secret-key", "s3.bucket", "cassandra.contact-point", "cassandra.datacenter", "cassandra.user", "cassandra.password", "language", "hold.ms",
            "pending-hold.ms", "drain.ms", "idle-timeout.seconds", "checkpoint.seconds", "silent-level",
            TranscriptionConfig.MODEL_KEY, TranscriptionConfig.CACHE_KEY, TranscriptionConfig.VOSK_LOG_KEY,
            TranscriptionConfig.RECOGNIZERS_KEY, TranscriptionConfig.MAX_SEGMENT_KEY);

    public static TranscriberConfig read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            p.load(reader);
        }
        return of(p);
    }

    public static TranscriberConfig of(Properties p) {
        Set<String> unknown = new TreeSet<>(p.stringPropertyNames());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("transcription job: unknown configuration key(s) " + unknown + "; known: " + new TreeSet<>(KEYS));
        }
        HashMap<String, String> speech = new HashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("confab.")) {
                speech.put(key, p.getProperty(key));
            }
        }
        try {
            TranscriptionConfig.from(speech);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("transcription job: " + e.getMessage());
        }
        return new TranscriberConfig(
                required(p, "kafka.bootstrap"), KafkaIo.login(p, "transcription job"), p.getProperty("kafka.group", "confab-transcription"),
                required(p, "s3.endpoint"), p.getProperty("s3.region", "us-east-1"), required(p, "s3.access-key"),
                required(p, "s3.secret-key"), p.getProperty("s3.bucket", "confab"),
                required(p, "cassandra.contact-point"), p.getProperty("cassandra.datacenter", "datacenter1"),
                cassandraLogin(p),
                p.getProperty("language", "en-US"),
                Duration.ofMillis(integer(p, "hold.ms", 400)),
                Duration.ofMillis(integer(p, "pending-hold.ms", 5000)),
                Duration.ofMillis(integer(p, "drain.ms", 2000)),
                Duration.ofSeconds(integer(p, "idle-timeout.seconds", 120)),
                Duration.ofSeconds(integer(p, "checkpoint.seconds", 5)),
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

    private static String required(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("transcription job: configuration key " + key + " is missing");
        }
        return value.strip();
    }

    private static int integer(Properties p, String key, int fallback) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed < 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("transcription job: " + key + " must be a whole number >= 0, was \"" + value + "\"");
        }
    }

    private static int silentLevel(Properties p) {
        int level = integer(p, "silent-level", DEFAULT_SILENT_LEVEL);
        if (level > 128) {
            throw new IllegalArgumentException("transcription job: silent-level is an RFC 6464 level, 0 to 127 (-dBov), or 128 to decode"
                    + " every packet; was " + level);
        }
        return level;
    }

    /** {@code cassandra.user} and {@code cassandra.password}: this file is a secret of mode 0600, like the S3 key in it. */
    private static CassandraLogin cassandraLogin(Properties p) {
        String user = p.getProperty("cassandra.user");
        String password = p.getProperty("cassandra.password");
        if ((user == null) != (password == null)) {
            throw new IllegalArgumentException("cassandra.user and cassandra.password go together: give both or neither");
        }
        return user == null ? CassandraLogin.NONE : new CassandraLogin(user, password);
    }
}
