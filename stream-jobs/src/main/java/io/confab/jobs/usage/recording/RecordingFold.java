package io.confab.jobs.usage.recording;

import io.confab.jobs.usage.intake.Admitted;
import io.confab.storage.events.RecordingArtifact;
import io.confab.storage.events.UsageRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Recording and storage usage, keyed by meeting id (recording.artifacts' key), one
 * {@link RecordingLedger} per recording. A recording's state is forgotten once event time is the
 * retention past its newest artifact: its MP4 and M4A are published within minutes of each other.
 */
public final class RecordingFold implements Processor<String, Admitted<RecordingArtifact>, String, UsageRecord> {

    public static final String RECORDINGS = "usage-recordings";

    private final Duration retention;
    private ProcessorContext<String, UsageRecord> context;
    private KeyValueStore<String, RecordingLedger> recordings;
    private long now = Long.MIN_VALUE;

    public RecordingFold(Duration retention) {
        this.retention = retention;
    }

    @Override
    public void init(ProcessorContext<String, UsageRecord> context) {
        this.context = context;
        this.recordings = context.getStateStore(RECORDINGS);
        context.schedule(Duration.ofMinutes(10), PunctuationType.WALL_CLOCK_TIME, ignored -> forgetOld());
    }

    @Override
    public void process(Record<String, Admitted<RecordingArtifact>> record) {
        RecordingArtifact artifact = record.value().value();
        now = Math.max(now, record.value().now());
        RecordingLedger ledger = recordings.get(artifact.getRecordingId());
        if (ledger == null) {
            ledger = new RecordingLedger();
        }
        List<UsageRecord> usage = ledger.add(artifact);
        recordings.put(artifact.getRecordingId(), ledger);
        usage.forEach(u -> context.forward(new Record<>(u.getAccountId(), u, record.timestamp())));
    }

    private void forgetOld() {
        if (now == Long.MIN_VALUE) {
            return;
        }
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, RecordingLedger> it = recordings.all()) {
            while (it.hasNext()) {
                KeyValue<String, RecordingLedger> entry = it.next();
                if (entry.value.lastCreatedAt() + retention.toMillis() < now) {
                    old.add(entry.key);
                }
            }
        }
        old.forEach(recordings::delete);
    }
}
