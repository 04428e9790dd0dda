package io.confab.orchestration.demo;

import io.confab.storage.codec.Codecs;
import io.confab.storage.codec.Decoded;
import io.confab.storage.events.ArtifactKind;
import io.confab.storage.events.RecordingArtifact;
import io.confab.storage.s3.S3Endpoint;
import io.confab.storage.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Waits for a recording's files the way any consumer would, from recording.artifacts (the timeline
 * is the last file the recording job publishes), and gives each a download link valid for a day.
 */
public final class RecordingFiles {

    /** One file of the demo's recording, in the {@code confab demo --json} contract. */
    public record File(String kind, String url) {
    }

    /** The recording in the {@code confab demo --json} contract. */
    public record Recording(String id, double durationSeconds, List<File> files) {
    }

    /** Where the platform's Kafka and S3 are. */
    public record Access(String kafka, io.confab.storage.kafka.KafkaLogin kafkaLogin, String s3Endpoint, String region, String accessKey, String secretKey) {
    }

    static final Duration LINK_LIFETIME = Duration.ofHours(24);

    private final Access access;

    public RecordingFiles(Access access) {
        this.access = access;
    }

    /** The recording's files once all are published, or empty after {@code timeout}. */
    public List<RecordingArtifact> await(String meetingId, String recordingId, Duration timeout, Consumer<String> progress) {
        return await(meetingId, recordingId, java.util.Set.of(ArtifactKind.TIMELINE), timeout, progress);
    }

    /** The recording's transcript files (JSON, WebVTT, SRT) once all three are published, or empty after {@code timeout}. */
    public List<RecordingArtifact> awaitTranscript(String meetingId, String recordingId, Duration timeout, Consumer<String> progress) {
        return await(meetingId, recordingId, java.util.Set.of(ArtifactKind.TRANSCRIPT_JSON, ArtifactKind.WEBVTT, ArtifactKind.SRT),
                timeout, progress).stream().filter(a -> a.getKind() == ArtifactKind.TRANSCRIPT_JSON || a.getKind() == ArtifactKind.WEBVTT
                || a.getKind() == ArtifactKind.SRT).toList();
    }

    /** The recording's files once every one of {@code kinds} is among them, or empty after {@code timeout}. */
    private List<RecordingArtifact> await(String meetingId, String recordingId, java.util.Set<ArtifactKind> kinds, Duration timeout,
                                          Consumer<String> progress) {
        List<RecordingArtifact> found = new ArrayList<>();
        long start = System.nanoTime();
        long nextNote = start + Duration.ofSeconds(10).toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(access.kafkaLogin().addTo(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, access.kafka(),
                ConsumerConfig.GROUP_ID_CONFIG, "confab-demo-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.RECORDING_ARTIFACTS));
            while (System.nanoTime() - start < timeout.toNanos()) {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    if (meetingId.equals(record.key())
                            && Codecs.RECORDING_ARTIFACTS.decode(record.value()) instanceof Decoded.Ok<RecordingArtifact> ok
                            && ok.value().getRecordingId().equals(recordingId)) {
                        found.add(ok.value());
                    }
                });
                if (found.stream().map(RecordingArtifact::getKind).collect(java.util.stream.Collectors.toSet()).containsAll(kinds)) {
                    return found;
                }
                if (System.nanoTime() > nextNote) {
                    progress.accept(String.format(Locale.ROOT, "  waiting for the recording's files (%d s)",
                            Duration.ofNanos(System.nanoTime() - start).toSeconds()));
                    nextNote += Duration.ofSeconds(10).toNanos();
                }
            }
        }
        return List.of();
    }

    /** The demo contract's view of {@code artifacts}: kinds by their API names, links valid for a day. */
    public Recording describe(String recordingId, List<RecordingArtifact> artifacts) {
        List<File> files = new ArrayList<>();
        long durationMs = 0;
        S3Endpoint s3 = S3Endpoint.pathStyle(access.s3Endpoint(), access.region(), access.accessKey(), access.secretKey());
        try (S3Presigner presigner = s3.presigner()) {
            for (RecordingArtifact a : artifacts) {
                if (a.getDurationMs() != null) {
                    durationMs = Math.max(durationMs, a.getDurationMs());
                }
                String url = presigner.presignGetObject(p -> p.signatureDuration(LINK_LIFETIME)
                        .getObjectRequest(g -> g.bucket(a.getS3Bucket()).key(a.getS3Key()))).url().toString();
                files.add(new File(kindName(a.getKind()), url));
            }
        }
        return new Recording(recordingId, durationMs / 1000.0, files);
    }

    /** The transcript files in the {@code confab demo --json} contract: {"format": "json|vtt|srt", "url"}, links valid for a day. */
    public List<java.util.Map<String, String>> transcriptFiles(List<RecordingArtifact> artifacts) {
        List<java.util.Map<String, String>> files = new ArrayList<>();
        for (File file : describe("transcript", artifacts).files()) {
            String format = switch (file.kind()) {
                case "transcript" -> "json";
                case "webvtt" -> "vtt";
                default -> file.kind();
            };
            files.add(java.util.Map.of("format", format, "url", file.url()));
        }
        return files;
    }

    /** The API's (and the demo contract's) name of a file kind; both chat logs (text and JSON) are "chat". */
    static String kindName(ArtifactKind kind) {
        return switch (kind) {
            case MP4_360P -> "mp4-360p";
            case CHAT_LOG, CHAT_JSON -> "chat";
            case CONTACT_SHEET -> "contact-sheet";
            case TRANSCRIPT_JSON -> "transcript";
            default -> kind.name().toLowerCase(Locale.ROOT);
        };
    }
}
