package io.confab.jobs.recording;

import io.confab.jobs.kafka.OutboundRecord;
import io.confab.jobs.recording.output.RecordingFinalizer;
import io.confab.jobs.recording.output.RecordingStore;
import io.confab.storage.codec.Codecs;
import io.confab.storage.events.Notification;
import io.confab.storage.events.NotificationChannel;
import io.confab.storage.events.NotificationKind;
import io.confab.storage.events.RecordingArtifact;
import io.confab.storage.topics.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a rendered recording's files, keyed by recording id, in a task of its own: the muxing of
 * an hour's segments takes a while, and on the mixer's thread it held back the live mixing of every
 * other meeting of that subtask. The {@link RecordingMixer} hands each recording over as a
 * {@link FinalizeRecording} once its last segment is in S3; this operator runs the
 * {@link RecordingFinalizer}, marks the recording READY in Cassandra, and publishes one
 * recording.artifacts event per file and the host's RECORDING_READY.
 *
 * <p>Storage trouble is retried on this operator's timer ({@link #RETRIES}: 2, 4, 8, 16, 32 s); after
 * 6 attempts, or at once when the recording's own data cannot become files, the
 * recording is FAILED. A command waiting for its next attempt is in keyed state with its timer, so
 * both survive a restore; a command whose finalizing was cut short by a crash is either replayed
 * from the channel or handed over again by the restored mixer, and finalizing again writes the same
 * objects and rows (every key is fixed by the recording).
 */
public final class RecordingFinisher extends KeyedProcessFunction<String, FinalizeRecording, OutboundRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(RecordingFinisher.class);
    static final RetrySchedule RETRIES = new RetrySchedule(6, Duration.ofSeconds(2));

    private final MixerConfig config;
    private final RecordingMixer.SerializableStoreFactory stores;

    private transient RetriedWork waiting;
    private transient RecordingStore store;
    private transient RecordingFinalizer finalizer;
    private transient Counter finalized;
    private transient Counter failed;
    private transient Counter retried;
    private transient Counter artifacts;

    public RecordingFinisher(MixerConfig config, RecordingMixer.SerializableStoreFactory stores) {
        this.config = config;
        this.stores = stores;
    }

    /** The key: one recording's attempts run one after another. */
    public static String recordingOf(FinalizeRecording command) {
        return command.recordingId();
    }

    @Override
    public void open(OpenContext context) {
        waiting = RetriedWork.open(getRuntimeContext(), RETRIES, "finalize-waiting", "finalize-failed-attempts");
        store = stores.get();
        finalizer = new RecordingFinalizer(store, Path.of(config.scratchDir()));
        MetricGroup g = getRuntimeContext().getMetricGroup().addGroup("confab_recording");
        finalized = g.counter("recordings_finalized");
        failed = g.counter("recordings_failed");
        retried = g.counter("finalize_retried");
        artifacts = g.counter("artifacts");
    }

    @Override
    public void close() {
        if (store != null) {
            store.close();
        }
    }

    @Override
    public void processElement(FinalizeRecording command, Context ctx, Collector<OutboundRecord> out) throws Exception {
        // A command handed over again (a mixer restored from before its hand-over) restarts the count.
        waiting.start(command.recording());
        attempt(command.window(), ctx.timerService().currentProcessingTime(), ctx, out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OutboundRecord> out) throws Exception {
        byte[] recording = waiting.waiting();
        if (recording != null) {
            attempt(new FinalizeRecording(null, ctx.getCurrentKey(), recording).window(), ctx.timerService().currentProcessingTime(), ctx, out);
        }
    }

    private void attempt(RecordingWindow recording, long now, Context ctx, Collector<OutboundRecord> out) throws IOException {
        try {
            List<RecordingArtifact> files = finalizer.finalize(recording);
            recording.status = RecordingWindow.Status.READY;
            store.recordingRow(recording, recording.participantNames(), finalizer.posterKey(recording));
            for (RecordingArtifact artifact : files) {
                artifacts.inc();
                out.collect(new OutboundRecord(Topics.RECORDING_ARTIFACTS, recording.meetingId.getBytes(StandardCharsets.UTF_8),
                        Codecs.RECORDING_ARTIFACTS.encode(artifact)));
            }
            notifyHost(recording, out);
            finalized.inc();
            LOG.info("recording {} of meeting {} is ready: {} s, {} files", recording.recordingId, recording.meetingId,
                    recording.durationMs() / 1000, files.size());
        } catch (RecordingFinalizer.UnfinishableRecording e) {
            fail(recording, e.getMessage());
        } catch (IOException | RuntimeException e) {
            RetriedWork.FailedAttempt attempt = waiting.failed(ctx.timerService(), now);
            if (attempt.givenUp()) {
                fail(recording, "gave up after " + attempt.number() + " attempts; last: " + e);
            } else {
                retried.inc();
                LOG.warn("recording {} of meeting {}: making its files failed (attempt {} of {}), retrying in {} s: {}",
                        recording.recordingId, recording.meetingId, attempt.number(), attempt.of(),
                        attempt.retryIn().orElseThrow().toSeconds(), e.toString());
                return;
            }
        }
        waiting.forget();
    }

    private void fail(RecordingWindow recording, String why) {
        failed.inc();
        recording.markFailed(store, why);
    }

    private void notifyHost(RecordingWindow recording, Collector<OutboundRecord> out) {
        if (recording.hostUserId == null) {
            return;
        }
        Notification notification = Notification.newBuilder()
                .setNotificationId(UUID.nameUUIDFromBytes(("recording-ready:" + recording.recordingId).getBytes(StandardCharsets.UTF_8)).toString())
                .setAccountId(recording.accountId)
                .setUserId(recording.hostUserId)
                .setChannel(NotificationChannel.IN_APP)
                .setKind(NotificationKind.RECORDING_READY)
                .setSubject("Your recording is ready" + (recording.topic == null ? "" : ": " + recording.topic))
                .setBody("The cloud recording of your meeting (" + Math.round(recording.durationMs() / 1000.0)
                        + " s) is ready to watch and download.")
                .setLink("/recordings#" + recording.recordingId)
                .setCreatedAt(Instant.now())
                .build();
        out.collect(new OutboundRecord(Topics.NOTIFICATIONS, recording.hostUserId.getBytes(StandardCharsets.UTF_8),
                Codecs.NOTIFICATIONS.encode(notification)));
    }
}
