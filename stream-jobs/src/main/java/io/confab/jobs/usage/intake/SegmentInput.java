package io.confab.jobs.usage.intake;

import io.confab.storage.codec.Codecs;
import io.confab.storage.codec.EventCodec;
import io.confab.storage.events.TranscriptSegment;

import static io.confab.jobs.usage.intake.InputKind.blank;

/**
 * transcript.segments, final segments only: an interim segment shares its segmentId with the final
 * one, so it is left out before de-duplication.
 */
public final class SegmentInput implements InputKind<TranscriptSegment> {

    @Override
    public EventCodec<TranscriptSegment> codec() {
        return Codecs.TRANSCRIPT_SEGMENTS;
    }

    @Override
    public boolean metered(TranscriptSegment segment) {
        return segment.getIsFinal();
    }

    @Override
    public String identity(TranscriptSegment segment) {
        return segment.getSegmentId();
    }

    @Override
    public long occurredAt(TranscriptSegment segment) {
        return segment.getMeetingStartedAt().toEpochMilli() + segment.getStartOffsetMs();
    }

    @Override
    public String problem(TranscriptSegment segment) {
        if (blank(segment.getSegmentId())) {
            return "missing field segmentId";
        }
        if (blank(segment.getAccountId()) || blank(segment.getMeetingId())) {
            return "missing field accountId or meetingId (segment " + segment.getSegmentId() + ")";
        }
        if (segment.getStartOffsetMs() < 0) {
            return "negative startOffsetMs " + segment.getStartOffsetMs() + " (segment " + segment.getSegmentId() + ")";
        }
        if (segment.getEndOffsetMs() < segment.getStartOffsetMs()) {
            return "negative duration: endOffsetMs " + segment.getEndOffsetMs() + " < startOffsetMs "
                    + segment.getStartOffsetMs() + " (segment " + segment.getSegmentId() + ")";
        }
        return null;
    }
}
