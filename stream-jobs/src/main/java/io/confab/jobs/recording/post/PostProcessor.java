package io.confab.jobs.recording.post;

import io.confab.jobs.kafka.OutboundRecord;
import io.confab.jobs.kafka.KafkaRecord;
import io.confab.jobs.recording.MixerConfig;
import io.confab.jobs.recording.RecordingMixer;
import io.confab.jobs.recording.RecordingWindow;
import io.confab.jobs.recording.RetriedWork;
import io.confab.jobs.recording.RetrySchedule;
import io.confab.jobs.recording.output.RecordingFiles;
import io.confab.jobs.recording.output.RecordingStore;
import io.confab.storage.codec.Codecs;
import io.confab.storage.codec.Decoded;
import io.confab.storage.events.ArtifactKind;
import io.confab.storage.events.DeadLetter;
import io.confab.storage.events.RecordingArtifact;
import io.confab.storage.topics.Topics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Post-processing of a finished recording, started by its MP4's {@code recording.artifacts} event:
 * a 640x360 copy for phones and a contact sheet, each published as one more artifact. A failed
 * attempt (the MP4 not readable yet, S3 or Cassandra refusing) is retried after 5, 10, 20 and 40 s;
 * after the fifth, the MP4's event goes to {@code recording.artifacts.dlq} with the last error and
 * the log says so: never dropped silently. Keyed by recording id, so one recording's attempts and
 * their back-off are its own state.
 */
public final class PostProcessor extends KeyedProcessFunction<String, KafkaRecord, OutboundRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(PostProcessor.class);
    public static final RetrySchedule RETRIES = new RetrySchedule(5, Duration.ofSeconds(5));
    public static final String PHONE_FILE = "recording-360p.mp4";
    public static final String CONTACT_SHEET_FILE = "contact-sheet.jpg";
    static final String CONSUMER = "stream-jobs/recording-post-processor";

    private final MixerConfig config;
    private final RecordingMixer.SerializableStoreFactory stores;
    private transient RetriedWork pending;
    private transient RecordingStore store;
    private transient Counter done;
    private transient Counter retried;
    private transient Counter failed;

    public PostProcessor(MixerConfig config, RecordingMixer.SerializableStoreFactory stores) {
        this.config = config;
        this.stores = stores;
    }

    /** The recording id of an MP4 artifact record, the key; empty for anything else (dropped by {@link #processElement}). */
    public static String recordingOf(KafkaRecord record) {
        return Codecs.RECORDING_ARTIFACTS.decode(record.value) instanceof Decoded.Ok<RecordingArtifact> ok
                && ok.value().getKind() == ArtifactKind.MP4 ? ok.value().getRecordingId() : "";
    }

    @Override
    public void open(OpenContext context) {
        pending = RetriedWork.open(getRuntimeContext(), RETRIES, "mp4-artifact", "attempts");
        store = stores.get();
        var group = getRuntimeContext().getMetricGroup().addGroup("confab_recording_post");
        done = group.counter("done");
        retried = group.counter("retried");
        failed = group.counter("failed");
    }

    @Override
    public void close() {
        if (store != null) {
            store.close();
        }
    }

    @Override
    public void processElement(KafkaRecord record, Context ctx, Collector<OutboundRecord> out) throws Exception {
        if (ctx.getCurrentKey().isEmpty()) {
            return;
        }
        pending.start(record.value);
        attempt(ctx.timerService().currentProcessingTime(), ctx.timerService(), out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OutboundRecord> out) throws Exception {
        if (pending.waiting() != null) {
            attempt(ctx.timerService().currentProcessingTime(), ctx.timerService(), out);
        }
    }

    private void attempt(long now, org.apache.flink.streaming.api.TimerService timers, Collector<OutboundRecord> out) throws Exception {
        RecordingArtifact mp4 = Codecs.RECORDING_ARTIFACTS.decode(pending.waiting()).orElseThrow();
        try {
            process(mp4, out);
            done.inc();
            pending.forget();
        } catch (IOException | RuntimeException e) {
            RetriedWork.FailedAttempt attempt = pending.failed(timers, now);
            int tried = attempt.number();
            if (attempt.givenUp()) {
                failed.inc();
                LOG.error("post-processing of recording {} failed {} times and is given up; its MP4 event is in {}: {}",
                        mp4.getRecordingId(), tried, Topics.deadLetterOf(Topics.RECORDING_ARTIFACTS), e.toString());
                out.collect(new OutboundRecord(Topics.deadLetterOf(Topics.RECORDING_ARTIFACTS), mp4.getMeetingId().getBytes(StandardCharsets.UTF_8),
                        Codecs.DEAD_LETTERS.encode(DeadLetter.newBuilder()
                                .setSourceTopic(Topics.RECORDING_ARTIFACTS).setPartition(-1).setOffset(-1)
                                .setKey(ByteBuffer.wrap(mp4.getMeetingId().getBytes(StandardCharsets.UTF_8)))
                                .setValue(ByteBuffer.wrap(pending.waiting()))
                                .setReason("post-processing failed after " + tried + " attempts: " + e)
                                .setConsumer(CONSUMER).setFailedAt(Instant.now()).build())));
                pending.forget();
            } else {
                retried.inc();
                LOG.warn("post-processing of recording {} failed (attempt {} of {}), retrying in {} s: {}", mp4.getRecordingId(),
                        tried, attempt.of(), attempt.retryIn().orElseThrow().toSeconds(), e.toString());
            }
        }
    }

    private void process(RecordingArtifact mp4, Collector<OutboundRecord> out) throws IOException {
        RecordingWindow recording = new RecordingWindow();
        recording.accountId = mp4.getAccountId();
        recording.meetingId = mp4.getMeetingId();
        recording.recordingId = mp4.getRecordingId();
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of(config.scratchDir())), "post-" + mp4.getRecordingId() + "-");
        try {
            Path in = dir.resolve("recording.mp4");
            store.download(mp4.getS3Key(), in);
            Path phone = dir.resolve(PHONE_FILE);
            PhoneCopy.Result result = PhoneCopy.transcode(in, phone, ContactSheet.STILLS);
            byte[] sheet = ContactSheet.jpeg(result.stills());
            long now = System.currentTimeMillis();
            String phoneKey = RecordingFiles.key(recording, PHONE_FILE);
            store.put(phoneKey, phone, "video/mp4");
            String sheetKey = RecordingFiles.key(recording, CONTACT_SHEET_FILE);
            store.put(sheetKey, sheet, "image/jpeg");
            store.fileRow(recording, "mp4-360p", phoneKey, Files.size(phone), mp4.getDurationMs(), "video/mp4", now);
            store.fileRow(recording, "contact-sheet", sheetKey, sheet.length, null, "image/jpeg", now);
            emit(out, mp4, ArtifactKind.MP4_360P, phoneKey, Files.size(phone), mp4.getDurationMs(), "video/mp4", now);
            emit(out, mp4, ArtifactKind.CONTACT_SHEET, sheetKey, sheet.length, null, "image/jpeg", now);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void emit(Collector<OutboundRecord> out, RecordingArtifact mp4, ArtifactKind kind, String key, long size, Long durationMs,
                      String contentType, long now) {
        RecordingArtifact artifact = RecordingArtifact.newBuilder(mp4)
                .setKind(kind).setS3Key(key).setS3Bucket(store.bucket()).setSizeBytes(size).setDurationMs(durationMs)
                .setContentType(contentType).setCreatedAt(Instant.ofEpochMilli(now)).setParticipantId(null).setOffsetMs(null)
                .build();
        out.collect(new OutboundRecord(Topics.RECORDING_ARTIFACTS, mp4.getMeetingId().getBytes(StandardCharsets.UTF_8),
                Codecs.RECORDING_ARTIFACTS.encode(artifact)));
    }
}
