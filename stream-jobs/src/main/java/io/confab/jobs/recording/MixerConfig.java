package io.confab.jobs.recording;

import io.confab.jobs.config.JobConnections;
import io.confab.jobs.config.JobProperties;
import io.confab.jobs.recording.mix.Layout;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Everything the recording mixer is configured with, read from one properties file (the launcher
 * writes it into the data directory with mode 0600, since it holds the S3 keys; secrets never go on
 * a command line, where {@code ps} and Flink's web UI would show them). A missing or bad key stops
 * the job at submission with one line naming it.
 */
public record MixerConfig(
        JobConnections connections,
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

    private static final String JOB = "recording mixer";

    static final Set<String> KEYS = Stream.concat(JobProperties.CONNECTION_KEYS.stream(), Stream.of("layout", "audio-only",
            "fps", "video.bitrate", "audio.bitrate", "segment.seconds", "latency.ms", "drain.ms", "idle-timeout.seconds",
            "pending-hold.ms", "thumbnail.seconds", "checkpoint.seconds", "scratch-dir", "video.preset")).collect(Collectors.toUnmodifiableSet());

    public MixerConfig {
        if (segment.toMillis() % 1000 != 0 || segment.toSeconds() < 2) {
            throw new IllegalArgumentException("segment.seconds must be a whole number of seconds, at least 2");
        }
        if (framesPerSecond < 1 || framesPerSecond > 60) {
            throw new IllegalArgumentException("fps must be 1..60, was " + framesPerSecond);
        }
    }

    public static MixerConfig read(Path file) throws IOException {
        return of(JobProperties.load(file));
    }

    public static MixerConfig of(Properties file) {
        JobProperties p = JobProperties.of(file, JOB, KEYS);
        return new MixerConfig(
                p.connections("confab-recording-mixer"),
                layout(p.optional("layout", "gallery")),
                p.bool("audio-only", false),
                p.integer("fps", 25),
                p.integer("video.bitrate", 1_500_000),
                p.integer("audio.bitrate", 96_000),
                Duration.ofSeconds(p.integer("segment.seconds", 10)),
                Duration.ofMillis(p.integer("latency.ms", 1000)),
                Duration.ofMillis(p.integer("drain.ms", 3000)),
                Duration.ofSeconds(p.integer("idle-timeout.seconds", 120)),
                Duration.ofMillis(p.integer("pending-hold.ms", 30000)),
                Duration.ofSeconds(p.integer("thumbnail.seconds", 60)),
                Duration.ofSeconds(p.integer("checkpoint.seconds", 5)),
                p.optional("scratch-dir", System.getProperty("java.io.tmpdir")),
                preset(p.optional("video.preset", DEFAULT_PRESET)));
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

    private static Layout layout(String value) {
        try {
            return Layout.valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("recording mixer: layout must be gallery or speaker, was \"" + value + "\"");
        }
    }
}
