package io.confab.jobs.recording;

import io.confab.jobs.kafka.KafkaIo;
import io.confab.storage.cassandra.CassandraLogin;
import io.confab.storage.kafka.KafkaLogin;
import io.confab.storage.s3.S3Endpoint;
import io.confab.jobs.recording.mix.Layout;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything the recording mixer is configured with, read from one properties file (the launcher
 * writes it into the data directory with mode 0600, since it holds the S3 keys; secrets never go on
 * a command line, where {@code ps} and Flink's web UI would show them). A missing or bad key stops
 * the job at submission with one line naming it.
 */
public record MixerConfig(
        String kafkaBootstrap,
        KafkaLogin kafkaLogin,
        String consumerGroup,
        String s3Endpoint, String s3Region, String s3AccessKey, String s3SecretKey, String s3Bucket,
        String cassandraContactPoint, String cassandraDatacenter, CassandraLogin cassandraLogin,
        Layout layout,
        boolean audioOnly,
        int framesPerSecond,
        int videoBitrate,
        int audioBitrate,
        Duration segment,
        Duration latency,
        Duration drain,
        Duration idleTimeout,
        Duration pendingHold,
        Duration thumbnailEvery,
        Duration checkpointEvery,
        String scratchDir,
        String videoPreset) implements Serializable {

    /** The S3 API the job writes to, built into a client on the TaskManager. */
    public S3Endpoint s3() {
        return S3Endpoint.pathStyle(s3Endpoint, s3Region, s3AccessKey, s3SecretKey);
    }

    static final Set<String> KEYS = Set.of("kafka.bootstrap", "kafka.user", "kafka.password", "kafka.group", "s3.endpoint", "s3.region", "s3.access-key",
            "s3.secret-key", "s3.bucket", "cassandra.contact-point", "cassandra.datacenter", "cassandra.user", "cassandra.password", "layout", "audio-only",
            "fps", "video.bitrate", "audio.bitrate", "segment.seconds", "latency.ms", "drain.ms", "idle-timeout.seconds",
            "pending-hold.ms", "thumbnail.seconds", "checkpoint.seconds", "scratch-dir", "video.preset");

    public MixerConfig {
        if (segment.toMillis() % 1000 != 0 || segment.toSeconds() < 2) {
            throw new IllegalArgumentException("segment.seconds must be a whole number of seconds, at least 2");
        }
        if (framesPerSecond < 1 || framesPerSecond > 60) {
            throw new IllegalArgumentException("fps must be 1..60, was " + framesPerSecond);
        }
    }

    public static MixerConfig read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            p.load(reader);
        }
        return of(p);
    }

    public static MixerConfig of(Properties p) {
        Set<String> unknown = new TreeSet<>(p.stringPropertyNames());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("recording mixer: unknown configuration key(s) " + unknown + "; known: " + new TreeSet<>(KEYS));
        }
        return new MixerConfig(
                required(p, "kafka.bootstrap"),
                KafkaIo.login(p, "recording mixer"),
                p.getProperty("kafka.group", "confab-recording-mixer"),
                required(p, "s3.endpoint"), p.getProperty("s3.region", "us-east-1"), required(p, "s3.access-key"),
                required(p, "s3.secret-key"), p.getProperty("s3.bucket", "confab"),
                required(p, "cassandra.contact-point"), p.getProperty("cassandra.datacenter", "datacenter1"),
                cassandraLogin(p),
                layout(p.getProperty("layout", "gallery")),
                bool(p, "audio-only", false),
                integer(p, "fps", 25),
                integer(p, "video.bitrate", 1_500_000),
                integer(p, "audio.bitrate", 96_000),
                Duration.ofSeconds(integer(p, "segment.seconds", 10)),
                Duration.ofMillis(integer(p, "latency.ms", 1000)),
                Duration.ofMillis(integer(p, "drain.ms", 3000)),
                Duration.ofSeconds(integer(p, "idle-timeout.seconds", 120)),
                Duration.ofMillis(integer(p, "pending-hold.ms", 30000)),
                Duration.ofSeconds(integer(p, "thumbnail.seconds", 60)),
                Duration.ofSeconds(integer(p, "checkpoint.seconds", 5)),
                p.getProperty("scratch-dir", System.getProperty("java.io.tmpdir")),
                preset(p.getProperty("video.preset", DEFAULT_PRESET)));
    }

    /**
     * x264's superfast: about 0.1 core less than veryfast for the 720p composite (see the Figures in
     * README.md) at a small cost in size for meeting content, which moves little.
     */
    static final String DEFAULT_PRESET = "superfast";

    private static String preset(String value) {
        String preset = value.strip();
        if (!io.confab.media.codec.H264Encoder.PRESETS.contains(preset)) {
            throw new IllegalArgumentException("recording mixer: video.preset must be an x264 preset " + io.confab.media.codec.H264Encoder.PRESETS
                    + ", was \"" + value + "\"");
        }
        return preset;
    }

    private static String required(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("recording mixer: configuration key " + key + " is missing");
        }
        return value.strip();
    }

    private static int integer(Properties p, String key, int fallback) {
        String value = p.getProperty(key);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed < 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("recording mixer: " + key + " must be a whole number >= 0, was \"" + value + "\"");
        }
    }

    private static boolean bool(Properties p, String key, boolean fallback) {
        String value = p.getProperty(key);
        if (value == null) {
            return fallback;
        }
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("recording mixer: " + key + " must be true or false, was \"" + value + "\"");
        };
    }

    private static Layout layout(String value) {
        try {
            return Layout.valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("recording mixer: layout must be gallery or speaker, was \"" + value + "\"");
        }
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
