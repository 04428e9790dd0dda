package io.confab.batch.billing.usage;

import io.confab.storage.codec.Codecs;
import io.confab.storage.codec.Decoded;
import io.confab.storage.events.MeetingEnded;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.MeetingStarted;
import io.confab.storage.events.ParticipantJoined;
import io.confab.storage.events.ParticipantLeft;
import io.confab.storage.events.RecordingArtifact;
import io.confab.storage.events.TranscriptSegment;
import io.confab.storage.topics.Topics;
import io.confab.storage.usage.SessionPerson;

import java.io.Serializable;
import java.time.Instant;

/**
 * Bytes of one topic record to the fact usage reads, or a rejection with USAGE.md's reason. Records
 * usage does not read (chat, mute changes, interim segments) are {@link Reading#ignored()}, not bad.
 *
 * <p>The streaming meter's "more than max-skew after the newest event time so far" depends on the
 * order it reads; a batch has no such order, so here the bound is the run's clock plus max-skew.
 */
public final class FactDecoder implements Serializable {

    /** Exactly one of fact and rejection, or neither when the record is not usage. */
    public record Reading(UsageFact fact, Rejection rejection) implements Serializable {
        static Reading ignored() {
            return new Reading(null, null);
        }

        boolean isIgnored() {
            return fact == null && rejection == null;
        }
    }

    private final Instant latestAllowed;

    public FactDecoder(Instant runClock, UsageRules rules) {
        this.latestAllowed = runClock.plus(rules.maxSkew());
    }

    public Reading decode(String topic, byte[] bytes) {
        return switch (topic) {
            case Topics.MEETING_EVENTS -> meetingEvent(bytes);
            case Topics.RECORDING_ARTIFACTS -> artifact(bytes);
            case Topics.TRANSCRIPT_SEGMENTS -> segment(bytes);
            default -> throw new IllegalArgumentException("billing does not read topic " + topic);
        };
    }

    private Reading meetingEvent(byte[] bytes) {
        Decoded<MeetingEvent> decoded = Codecs.MEETING_EVENTS.decode(bytes);
        if (decoded instanceof Decoded.Failed<MeetingEvent> failed) {
            return reject(Topics.MEETING_EVENTS, failed.reason());
        }
        MeetingEvent event = ((Decoded.Ok<MeetingEvent>) decoded).value();
        Object payload = event.getPayload();
        MeetingFact fact;
        if (payload instanceof MeetingStarted) {
            fact = meetingFact(event, MeetingFact.Kind.STARTED, null, null);
        } else if (payload instanceof MeetingEnded) {
            fact = meetingFact(event, MeetingFact.Kind.ENDED, null, null);
        } else if (payload instanceof ParticipantJoined joined) {
            String person = SessionPerson.of(joined.getUserId(), joined.getDisplayName());
            fact = meetingFact(event, MeetingFact.Kind.JOINED, joined.getParticipantId(), person);
        } else if (payload instanceof ParticipantLeft left) {
            fact = meetingFact(event, MeetingFact.Kind.LEFT, left.getParticipantId(), null);
        } else {
            return Reading.ignored();
        }
        return timely(Topics.MEETING_EVENTS, fact, "event " + event.getEventId());
    }

    private static MeetingFact meetingFact(MeetingEvent event, MeetingFact.Kind kind, String participantId, String person) {
        return new MeetingFact(event.getEventId(), event.getAccountId(), event.getMeetingId(), event.getOccurredAt(), kind,
                participantId, person);
    }

    private Reading artifact(byte[] bytes) {
        Decoded<RecordingArtifact> decoded = Codecs.RECORDING_ARTIFACTS.decode(bytes);
        if (decoded instanceof Decoded.Failed<RecordingArtifact> failed) {
            return reject(Topics.RECORDING_ARTIFACTS, failed.reason());
        }
        RecordingArtifact artifact = ((Decoded.Ok<RecordingArtifact>) decoded).value();
        String what = "artifact " + artifact.getS3Key();
        if (artifact.getSizeBytes() < 0) {
            return reject(Topics.RECORDING_ARTIFACTS, what + ": negative sizeBytes " + artifact.getSizeBytes());
        }
        if (artifact.getDurationMs() != null && artifact.getDurationMs() < 0) {
            return reject(Topics.RECORDING_ARTIFACTS, what + ": negative durationMs " + artifact.getDurationMs());
        }
        return timely(Topics.RECORDING_ARTIFACTS, new ArtifactFact(artifact.getAccountId(), artifact.getMeetingId(),
                artifact.getRecordingId(), artifact.getKind().name(), artifact.getS3Key(), artifact.getSizeBytes(),
                artifact.getDurationMs(), artifact.getCreatedAt()), what);
    }

    private Reading segment(byte[] bytes) {
        Decoded<TranscriptSegment> decoded = Codecs.TRANSCRIPT_SEGMENTS.decode(bytes);
        if (decoded instanceof Decoded.Failed<TranscriptSegment> failed) {
            return reject(Topics.TRANSCRIPT_SEGMENTS, failed.reason());
        }
        TranscriptSegment segment = ((Decoded.Ok<TranscriptSegment>) decoded).value();
        if (!segment.getIsFinal()) {
            return Reading.ignored();
        }
        String what = "segment " + segment.getSegmentId();
        long duration = segment.getEndOffsetMs() - segment.getStartOffsetMs();
        if (segment.getStartOffsetMs() < 0 || duration < 0) {
            return reject(Topics.TRANSCRIPT_SEGMENTS, what + ": impossible offsets " + segment.getStartOffsetMs()
                    + ".." + segment.getEndOffsetMs() + " ms");
        }
        Instant start = segment.getMeetingStartedAt().plusMillis(segment.getStartOffsetMs());
        return timely(Topics.TRANSCRIPT_SEGMENTS, new SegmentFact(segment.getSegmentId(), segment.getAccountId(),
                segment.getMeetingId(), start, duration), what);
    }

    private Reading timely(String topic, UsageFact fact, String what) {
        if (fact.time().isAfter(latestAllowed)) {
            return reject(topic, what + ": time " + fact.time() + " is more than max-skew after the run's clock ("
                    + latestAllowed + ")");
        }
        return new Reading(fact, null);
    }

    private static Reading reject(String topic, String reason) {
        return new Reading(null, new Rejection(topic, reason));
    }
}
