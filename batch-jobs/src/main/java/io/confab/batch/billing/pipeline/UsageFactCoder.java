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
            Fields.TEXT.encode(meeting.eventId(), out);
            Fields.TEXT.encode(meeting.accountId(), out);
            Fields.TEXT.encode(meeting.meetingId(), out);
            Fields.INSTANT.encode(meeting.occurredAt(), out);
            out.write(meeting.kind().ordinal());
            Fields.TEXT.encode(meeting.participantId(), out);
            Fields.TEXT.encode(meeting.person(), out);
        } else if (fact instanceof ArtifactFact artifact) {
            out.write(ARTIFACT);
            Fields.TEXT.encode(artifact.accountId(), out);
            Fields.TEXT.encode(artifact.meetingId(), out);
            Fields.TEXT.encode(artifact.recordingId(), out);
            Fields.TEXT.encode(artifact.kind(), out);
            Fields.TEXT.encode(artifact.s3Key(), out);
            Fields.NUMBER.encode(artifact.sizeBytes(), out);
            Fields.OPTIONAL.encode(artifact.durationMs(), out);
            Fields.INSTANT.encode(artifact.createdAt(), out);
        } else if (fact instanceof SegmentFact segment) {
            out.write(SEGMENT);
            Fields.TEXT.encode(segment.segmentId(), out);
            Fields.TEXT.encode(segment.accountId(), out);
            Fields.TEXT.encode(segment.meetingId(), out);
            Fields.INSTANT.encode(segment.start(), out);
            Fields.NUMBER.encode(segment.durationMs(), out);
        } else {
            throw new CoderException("not a usage fact: " + fact.getClass().getName());
        }
    }

    @Override
    public UsageFact decode(InputStream in) throws IOException {
        int kind = in.read();
        return switch (kind) {
            case MEETING -> new MeetingFact(Fields.TEXT.decode(in), Fields.TEXT.decode(in), Fields.TEXT.decode(in),
                    Fields.INSTANT.decode(in), KINDS[in.read()], Fields.TEXT.decode(in), Fields.TEXT.decode(in));
            case ARTIFACT -> new ArtifactFact(Fields.TEXT.decode(in), Fields.TEXT.decode(in), Fields.TEXT.decode(in),
                    Fields.TEXT.decode(in), Fields.TEXT.decode(in), Fields.NUMBER.decode(in), Fields.OPTIONAL.decode(in),
                    Fields.INSTANT.decode(in));
            case SEGMENT -> new SegmentFact(Fields.TEXT.decode(in), Fields.TEXT.decode(in), Fields.TEXT.decode(in),
                    Fields.INSTANT.decode(in), Fields.NUMBER.decode(in));
            default -> throw new CoderException("not a usage fact: kind byte " + kind);
        };
    }

    @Override
    public void verifyDeterministic() {
    }
}
