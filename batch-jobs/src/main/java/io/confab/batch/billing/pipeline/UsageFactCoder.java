package io.confab.batch.billing.pipeline;

import io.confab.batch.billing.usage.ArtifactFact;
import io.confab.batch.billing.usage.MeetingFact;
import io.confab.batch.billing.usage.SegmentFact;
import io.confab.batch.billing.usage.UsageFact;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CustomCoder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A fact as a kind byte and its fields. Every fact of the month crosses the group by account once;
 * Java serialization there (class descriptors, reflective reads) was most of a run's CPU.
 */
public final class UsageFactCoder extends CustomCoder<UsageFact> {

    private static final UsageFactCoder INSTANCE = new UsageFactCoder();
    private static final MeetingFact.Kind[] KINDS = MeetingFact.Kind.values();
    private static final int MEETING = 0;
    private static final int ARTIFACT = 1;
    private static final int SEGMENT = 2;

    public static UsageFactCoder of() {
        return INSTANCE;
    }

    @Override
    public void encode(UsageFact fact, OutputStream out) throws IOException {
        if (fact instanceof MeetingFact meeting) {
            out.write(MEETING);
            Fields.text(meeting.eventId(), out);
            Fields.text(meeting.accountId(), out);
            Fields.text(meeting.meetingId(), out);
            Fields.instant(meeting.occurredAt(), out);
            out.write(meeting.kind().ordinal());
            Fields.text(meeting.participantId(), out);
            Fields.text(meeting.person(), out);
        } else if (fact instanceof ArtifactFact artifact) {
            out.write(ARTIFACT);
            Fields.text(artifact.accountId(), out);
            Fields.text(artifact.meetingId(), out);
            Fields.text(artifact.recordingId(), out);
            Fields.text(artifact.kind(), out);
            Fields.text(artifact.s3Key(), out);
            Fields.number(artifact.sizeBytes(), out);
            Fields.optional(artifact.durationMs(), out);
            Fields.instant(artifact.createdAt(), out);
        } else if (fact instanceof SegmentFact segment) {
            out.write(SEGMENT);
            Fields.text(segment.segmentId(), out);
            Fields.text(segment.accountId(), out);
            Fields.text(segment.meetingId(), out);
            Fields.instant(segment.start(), out);
            Fields.number(segment.durationMs(), out);
        } else {
            throw new CoderException("not a usage fact: " + fact.getClass().getName());
        }
    }

    @Override
    public UsageFact decode(InputStream in) throws IOException {
        int kind = in.read();
        return switch (kind) {
            case MEETING -> new MeetingFact(Fields.text(in), Fields.text(in), Fields.text(in), Fields.instant(in), KINDS[in.read()],
                    Fields.text(in), Fields.text(in));
            case ARTIFACT -> new ArtifactFact(Fields.text(in), Fields.text(in), Fields.text(in), Fields.text(in), Fields.text(in),
                    Fields.number(in), Fields.optional(in), Fields.instant(in));
            case SEGMENT -> new SegmentFact(Fields.text(in), Fields.text(in), Fields.text(in), Fields.instant(in), Fields.number(in));
            default -> throw new CoderException("not a usage fact: kind byte " + kind);
        };
    }

    @Override
    public void verifyDeterministic() {
    }
}
