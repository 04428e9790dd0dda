package io.confab.jobs.usage;

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
import java.util.UUID;

/** Builders for the meter's inputs in unit tests. */
final class Events {

    static final String ACCOUNT = "acct-1";

    private Events() {
    }

    static MeetingEvent started(String meeting, String at) {
        return event(meeting, at, MeetingStarted.newBuilder().setTopic("t").setHostUserId("u-host")
                .setMeetingType(MeetingType.INSTANT).setSettings(MeetingSettings.newBuilder().setWaitingRoom(false)
                        .setJoinBeforeHost(true).setMuteOnEntry(false).setAllowRecording(true).setE2eeEnabled(false).build()).build());
    }

    static MeetingEvent ended(String meeting, String at) {
        return event(meeting, at, MeetingEnded.newBuilder().setReason(MeetingEndReason.ENDED_BY_HOST).build());
    }

    static MeetingEvent joined(String meeting, String participant, String user, String at) {
        return event(meeting, at, ParticipantJoined.newBuilder().setParticipantId(participant).setUserId(user)
                .setDisplayName("Name " + user).setRole(ParticipantRole.PARTICIPANT).setAudioMuted(false).setVideoMuted(false).build());
    }

    static MeetingEvent left(String meeting, String participant, String at) {
        return event(meeting, at, ParticipantLeft.newBuilder().setParticipantId(participant).setReason(LeaveReason.LEFT).build());
    }

    static MeetingEvent event(String meeting, String at, Object payload) {
        return MeetingEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setAccountId(ACCOUNT).setMeetingId(meeting)
                .setOccurredAt(Instant.parse(at)).setPayload(payload).build();
    }

    static RecordingArtifact artifact(String recording, ArtifactKind kind, long size, Long durationMs, String at) {
        return RecordingArtifact.newBuilder().setAccountId(ACCOUNT).setMeetingId("m-1").setRecordingId(recording).setKind(kind)
                .setS3Bucket("confab").setS3Key("recordings/" + recording + "/" + kind).setSizeBytes(size).setDurationMs(durationMs)
                .setContentType("video/mp4").setCreatedAt(Instant.parse(at)).build();
    }

    static TranscriptSegment segment(String id, String meetingStartedAt, long start, long end, boolean isFinal) {
        return TranscriptSegment.newBuilder().setMeetingId("m-1").setAccountId(ACCOUNT).setSegmentId(id)
                .setSpeakerParticipantId("p-1").setSpeakerName("A").setMeetingStartedAt(Instant.parse(meetingStartedAt))
                .setStartOffsetMs(start).setEndOffsetMs(end).setText("hello").setConfidence(0.9f).setIsFinal(isFinal)
                .setLanguage("en-US").build();
    }
}
