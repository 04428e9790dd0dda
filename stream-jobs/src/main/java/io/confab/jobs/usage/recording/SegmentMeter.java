package io.confab.jobs.usage.recording;

import io.confab.jobs.usage.UsageIds;
import io.confab.jobs.usage.intake.Admitted;
import io.confab.storage.events.TranscriptSegment;
import io.confab.storage.events.UsageMetric;
import io.confab.storage.events.UsageRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.time.Instant;

/**
 * TRANSCRIPTION_MINUTES: a final segment's length, on the day it starts (USAGE.md). Stateless: the
 * intake already dropped duplicates and interim segments.
 */
public final class SegmentMeter implements Processor<String, Admitted<TranscriptSegment>, String, UsageRecord> {

    private ProcessorContext<String, UsageRecord> context;

    @Override
    public void init(ProcessorContext<String, UsageRecord> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, Admitted<TranscriptSegment>> record) {
        UsageRecord usage = usageOf(record.value().value());
        context.forward(new Record<>(usage.getAccountId(), usage, record.timestamp()));
    }

    static UsageRecord usageOf(TranscriptSegment segment) {
        long start = segment.getMeetingStartedAt().toEpochMilli() + segment.getStartOffsetMs();
        long end = segment.getMeetingStartedAt().toEpochMilli() + segment.getEndOffsetMs();
        return UsageRecord.newBuilder()
                .setRecordId(UsageIds.of(segment.getAccountId(), segment.getMeetingId(), segment.getSegmentId(),
                        UsageMetric.TRANSCRIPTION_MINUTES))
                .setAccountId(segment.getAccountId())
                .setMeetingId(segment.getMeetingId())
                .setParticipantId(segment.getSpeakerParticipantId())
                .setMetric(UsageMetric.TRANSCRIPTION_MINUTES)
                .setQuantity(end - start)
                .setWindowStart(Instant.ofEpochMilli(start))
                .setWindowEnd(Instant.ofEpochMilli(end))
                .build();
    }
}
