package io.confab.batch.billing.bench;

import io.confab.storage.codec.Codecs;
import io.confab.storage.events.ArtifactKind;
import io.confab.storage.events.LeaveReason;
import io.confab.storage.events.MeetingEndReason;
import io.confab.storage.events.MeetingEnded;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.MeetingSettings;
import io.confab.storage.events.MeetingStarted;
import io.confab.storage.events.MeetingType;
import io.confab.storage.events.ParticipantJoined;
import io.confab.storage.events.ParticipantLeft;
import io.confab.storage.events.ParticipantRole;
import io.confab.storage.events.RecordingArtifact;
import io.confab.storage.events.TranscriptSegment;

import java.time.Instant;

/** Well-formed usage events as producers write them, for generated months, tests and benchmarks. */
public final class UsageEvents {

    private static final MeetingSettings SETTINGS = MeetingSettings.newBuilder().setWaitingRoom(false).setJoinBeforeHost(true)
            .setMuteOnEntry(false).setAllowRecording(true).setE2eeEnabled(false).build();

    private UsageEvents() {
    }

    public static MeetingEvent started(String eventId, String account, String meeting, Instant at) {
        return event(eventId, account, meeting, at, MeetingStarted.newBuilder().setTopic("Generated").setHostUserId("host-" + account)
                .setMeetingType(MeetingType.INSTANT).setSettings(SETTINGS).build());
    }

    public static MeetingEvent ended(String eventId, String account, String meeting, Instant at) {
        return event(eventId, account, meeting, at, MeetingEnded.newBuilder().setReason(MeetingEndReason.ENDED_BY_HOST).build());
    }

    public static MeetingEvent joined(String eventId, String account, String meeting, Instant at, String participant, String user) {
        return event(eventId, account, meeting, at, ParticipantJoined.newBuilder().setParticipantId(participant).setUserId(user)
                .setDisplayName("Person " + participant).setRole(ParticipantRole.PARTICIPANT).setAudioMuted(false).setVideoMuted(false)
                .build());
    }

    public static MeetingEvent left(String eventId, String account, String meeting, Instant at, String participant) {
        return event(eventId, account, meeting, at, ParticipantLeft.newBuilder().setParticipantId(participant)
                .setReason(LeaveReason.LEFT).build());
    }

    private static MeetingEvent event(String eventId, String account, String meeting, Instant at, Object payload) {
        return MeetingEvent.newBuilder().setEventId(eventId).setAccountId(account).setMeetingId(meeting).setOccurredAt(at)
                .setPayload(payload).build();
    }

    public static RecordingArtifact artifact(String account, String meeting, String recording, ArtifactKind kind, long sizeBytes,
                                             Long durationMs, Instant createdAt) {
        return RecordingArtifact.newBuilder().setAccountId(account).setMeetingId(meeting).setRecordingId(recording).setKind(kind)
                .setS3Bucket("confab").setS3Key("recordings/" + account + "/" + meeting + "/" + recording + "/" + kind.name().toLowerCase())
                .setSizeBytes(sizeBytes).setDurationMs(durationMs).setContentType("application/octet-stream").setCreatedAt(createdAt)
                .build();
    }

    public static TranscriptSegment segment(String segmentId, String account, String meeting, Instant meetingStartedAt,
                                            long startOffsetMs, long endOffsetMs, boolean isFinal) {
        return TranscriptSegment.newBuilder().setMeetingId(meeting).setAccountId(account).setSegmentId(segmentId)
                .setSpeakerParticipantId("p").setSpeakerName("Speaker").setMeetingStartedAt(meetingStartedAt)
                .setStartOffsetMs(startOffsetMs).setEndOffsetMs(endOffsetMs).setText("words").setConfidence(0.9f)
                .setIsFinal(isFinal).setLanguage("en-US").build();
    }

    public static byte[] bytes(MeetingEvent event) {
        return Codecs.MEETING_EVENTS.encode(event);
    }

    public static byte[] bytes(RecordingArtifact artifact) {
        return Codecs.RECORDING_ARTIFACTS.encode(artifact);
    }

    public static byte[] bytes(TranscriptSegment segment) {
        return Codecs.TRANSCRIPT_SEGMENTS.encode(segment);
    }
}
