package io.confab.batch.billing.usage;

import java.time.Instant;

/** A final transcript segment: where it starts (meetingStartedAt + startOffsetMs) and how long it is. */
public record SegmentFact(String segmentId, String accountId, String meetingId, Instant start, long durationMs)
        implements UsageFact {

    @Override
    public String identity() {
        return "segment:" + segmentId;
    }

    @Override
    public Instant time() {
        return start;
    }
}
