package io.confab.storage.codec;

import io.confab.storage.events.ActiveSpeakerChanged;
import io.confab.storage.events.ArtifactKind;
import io.confab.storage.events.AuditEntry;
import io.confab.storage.events.AuditOutcome;
import io.confab.storage.events.ChatMessage;
import io.confab.storage.events.DeadLetter;
import io.confab.storage.events.HandLowered;
import io.confab.storage.events.HandRaised;
import io.confab.storage.events.LeaveReason;
import io.confab.storage.events.MediaDirection;
import io.confab.storage.events.MediaKind;
import io.confab.storage.events.MediaPacket;
import io.confab.storage.events.MediaQualitySample;
import io.confab.storage.events.MeetingCreated;
import io.confab.storage.events.MeetingDeleted;
import io.confab.storage.events.MeetingEndReason;
import io.confab.storage.events.MeetingEnded;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.MeetingLocked;
import io.confab.storage.events.MeetingSettings;
import io.confab.storage.events.MeetingStarted;
import io.confab.storage.events.MeetingType;
import io.confab.storage.events.MeetingUnlocked;
import io.confab.storage.events.MeetingUpdated;
import io.confab.storage.events.MuteChanged;
import io.confab.storage.events.Notification;
import io.confab.storage.events.NotificationChannel;
import io.confab.storage.events.NotificationKind;
import io.confab.storage.events.ParticipantAdmitted;
import io.confab.storage.events.ParticipantDenied;
import io.confab.storage.events.ParticipantJoined;
import io.confab.storage.events.ParticipantKicked;
import io.confab.storage.events.ParticipantLeft;
import io.confab.storage.events.ParticipantRole;
import io.confab.storage.events.ParticipantWaiting;
import io.confab.storage.events.Reaction;
import io.confab.storage.events.RecordingArtifact;
import io.confab.storage.events.RecordingLayout;
import io.confab.storage.events.RecordingStarted;
import io.confab.storage.events.RecordingStopped;
import io.confab.storage.events.TranscriptSegment;
import io.confab.storage.events.UsageMetric;
import io.confab.storage.events.UsageRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One realistic value of every event type, with optional fields filled in so that a round trip
 * exercises them. Timestamps are whole milliseconds (microseconds for packet arrival) because that
 * is what the schemas keep.
 */
final class SampleEvents {

    static final String ACCOUNT = "acct-7f3a";
    static final String MEETING = "8472910365";
    static final Instant AT = Instant.parse("2025-03-30T00:59:58.123Z");

    private SampleEvents() {
    }

    static MeetingSettings settings() {
        return MeetingSettings.newBuilder()
                .setWaitingRoom(true).setJoinBeforeHost(false).setMuteOnEntry(true)
                .setAllowRecording(true).setE2eeEnabled(false).setTranscription(true).build();
    }

    /** One payload per member of the MeetingEvent union. */
    static List<Object> meetingPayloads() {
        return List.of(
                MeetingCreated.newBuilder().setTopic("Quarterly planning").setHostUserId("user-1")
                        .setMeetingType(MeetingType.SCHEDULED).setScheduledStart(Instant.parse("2025-03-30T09:00:00Z"))
                        .setDurationMinutes(45).setTimeZone("Europe/Berlin").setSettings(settings()).build(),
                MeetingStarted.newBuilder().setTopic("Quarterly planning").setHostUserId("user-1")
                        .setMeetingType(MeetingType.SCHEDULED).setSettings(settings()).build(),
                MeetingEnded.newBuilder().setReason(MeetingEndReason.ENDED_BY_HOST).build(),
                ParticipantJoined.newBuilder().setParticipantId("p-1").setUserId("user-1").setDisplayName("Ada Lovelace")
                        .setRole(ParticipantRole.HOST).setAudioMuted(true).setVideoMuted(false)
                        .setClient("Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0").build(),
                ParticipantLeft.newBuilder().setParticipantId("p-2").setReason(LeaveReason.KICKED).build(),
                ParticipantKicked.newBuilder().setParticipantId("p-2").setBy("p-1").setReason("off-topic").build(),
                ParticipantWaiting.newBuilder().setParticipantId("p-3").setUserId(null).setDisplayName("Gäst Ünïcødé 👋").build(),
                ParticipantAdmitted.newBuilder().setParticipantId("p-3").setBy("p-1").build(),
                ParticipantDenied.newBuilder().setParticipantId("p-4").setBy("p-1").build(),
                MuteChanged.newBuilder().setParticipantId("p-3").setKind(MediaKind.AUDIO).setMuted(true).setByHost(true).build(),
                HandRaised.newBuilder().setParticipantId("p-3").build(),
                HandLowered.newBuilder().setParticipantId("p-3").build(),
                Reaction.newBuilder().setParticipantId("p-3").setEmoji("👍").build(),
                ChatMessage.newBuilder().setMessageId("m-1").setFrom("p-3").setFromDisplayName("Grace")
                        .setTo("p-1").setText("Can you share the slides?").build(),
                RecordingStarted.newBuilder().setRecordingId("rec-1").setTranscribe(true)
                        .setLayout(RecordingLayout.SPEAKER).setAudioOnly(true).build(),
                RecordingStopped.newBuilder().setRecordingId("rec-1").build(),
                ActiveSpeakerChanged.newBuilder().setParticipantId("p-1").build(),
                MeetingLocked.newBuilder().build(),
                MeetingUnlocked.newBuilder().build(),
                MeetingUpdated.newBuilder().setTopic("Weekly sync (moved)").setMeetingType(MeetingType.RECURRING)
                        .setScheduledStart(Instant.parse("2026-11-30T09:30:00Z")).setDurationMinutes(45)
                        .setTimeZone("Europe/Oslo").setSettings(MeetingSettings.newBuilder().setWaitingRoom(true)
                                .setJoinBeforeHost(false).setMuteOnEntry(true).setAllowRecording(true)
                                .setE2eeEnabled(false).build()).build(),
                MeetingDeleted.newBuilder().build());
    }

    static MeetingEvent meetingEvent(Object payload) {
        return MeetingEvent.newBuilder()
                .setEventId(UUID.nameUUIDFromBytes(payload.toString().getBytes(StandardCharsets.UTF_8)).toString())
                .setAccountId(ACCOUNT)
                .setMeetingId(MEETING)
                .setOccurredAt(AT)
                .setActorParticipantId("p-1")
                .setActorUserId("user-1")
                .setPayload(payload)
                .build();
    }

    static MediaPacket mediaPacket() {
        return MediaPacket.newBuilder()
                .setMeetingId(MEETING).setAccountId(ACCOUNT).setParticipantId("p-1").setTrackId("track-audio-1")
                .setKind(MediaKind.AUDIO).setCodec("opus").setClockRate(48_000)
                .setSsrc(0xFFFF_FFF0L).setSequenceNumber(65_535).setRtpTimestamp(0xFFFF_FFFFL)
                .setArrivalTime(Instant.parse("2025-03-30T00:59:58.123456Z"))
                .setMarker(false).setPayloadType(111)
                .setPayload(ByteBuffer.wrap(new byte[] {(byte) 0xF8, (byte) 0xFF, (byte) 0xFE, 0x00, 0x7F}))
                .setAudioLevel(30).setVoiceActivity(true)
                .build();
    }

    static MediaQualitySample mediaQualitySample() {
        return MediaQualitySample.newBuilder()
                .setMeetingId(MEETING).setAccountId(ACCOUNT).setParticipantId("p-1")
                .setDirection(MediaDirection.DOWNSTREAM).setKind(MediaKind.VIDEO)
                .setIntervalStart(AT).setIntervalEnd(AT.plusSeconds(5))
                .setPackets(2_400).setPacketsLost(12).setFractionLost(0.005f)
                .setJitterMs(4.25).setRttMs(38.5).setBitrateKbps(1_250.0)
                .build();
    }

    static TranscriptSegment transcriptSegment() {
        return TranscriptSegment.newBuilder()
                .setMeetingId(MEETING).setAccountId(ACCOUNT).setRecordingId("rec-1").setSegmentId("seg-17")
                .setSpeakerParticipantId("p-1").setSpeakerName("Ada Lovelace").setMeetingStartedAt(AT.minusSeconds(60))
                .setStartOffsetMs(61_250).setEndOffsetMs(64_900)
                .setText("the analytical engine weaves algebraic patterns").setConfidence(0.87f)
                .setIsFinal(true).setLanguage("en-US")
                .build();
    }

    static RecordingArtifact recordingArtifact() {
        return RecordingArtifact.newBuilder()
                .setAccountId(ACCOUNT).setMeetingId(MEETING).setRecordingId("rec-1").setKind(ArtifactKind.MP4)
                .setS3Bucket("confab").setS3Key("recordings/acct-7f3a/8472910365/rec-1/recording.mp4")
                .setSizeBytes(48_213_904L).setDurationMs(3_605_250L).setContentType("video/mp4").setCreatedAt(AT)
                .build();
    }

    static UsageRecord usageRecord() {
        return UsageRecord.newBuilder()
                .setRecordId("usage-3b1c").setAccountId(ACCOUNT).setMeetingId(MEETING).setParticipantId("p-1")
                .setMetric(UsageMetric.PARTICIPANT_MINUTES).setQuantity(60_000L)
                .setWindowStart(Instant.parse("2025-03-30T00:59:00Z")).setWindowEnd(Instant.parse("2025-03-30T01:00:00Z"))
                .build();
    }

    static AuditEntry auditEntry() {
        return AuditEntry.newBuilder()
                .setEventId("5b7e8a52-4c36-4f0e-9a0b-1f1e2d3c4b5a").setAccountId(ACCOUNT).setActor("user-1")
                .setAction("meeting.kick_participant").setTarget("participant:p-2").setOutcome(AuditOutcome.SUCCESS)
                .setDetail("removed by host").setSourceAddress("127.0.0.1").setOccurredAt(AT)
                .build();
    }

    static Notification notification() {
        return Notification.newBuilder()
                .setNotificationId("7d0c2f4e-1111-4a55-8e21-8e0f1c2d3b4a").setAccountId(ACCOUNT).setUserId("user-1")
                .setChannel(NotificationChannel.EMAIL).setKind(NotificationKind.RECORDING_READY)
                .setSubject("Your recording is ready").setBody("Quarterly planning, 1 h 0 min.")
                .setLink("https://localhost:8443/recordings/rec-1").setCreatedAt(AT)
                .build();
    }

    static io.confab.storage.events.TranscriptionRequest transcriptionRequest() {
        return io.confab.storage.events.TranscriptionRequest.newBuilder()
                .setRequestId("b7e1c0de-2222-4b66-9f32-9f1f2d3e4c5b").setAccountId(ACCOUNT).setMeetingId(MEETING)
                .setRecordingId("rec-1").setOrigin(AT).setSource(io.confab.storage.events.TranscriptionSource.RECORDING)
                .setAudio(java.util.List.of(io.confab.storage.events.TranscriptionAudio.newBuilder().setS3Bucket("confab")
                        .setS3Key("recordings/" + ACCOUNT + "/" + MEETING + "/rec-1/track-p-1.m4a").setParticipantId("p-1")
                        .setSpeakerName("Ada").setOffsetMs(0).build()))
                .setDiarize(false).setMaxSpeakers(6).setRequestedBy("user-1").setTitle("Quarterly planning").setRequestedAt(AT)
                .build();
    }

    static DeadLetter deadLetter() {
        return DeadLetter.newBuilder()
                .setSourceTopic("meeting.events").setPartition(4).setOffset(1_234_567L)
                .setKey(ByteBuffer.wrap(MEETING.getBytes(StandardCharsets.UTF_8)))
                .setValue(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .setReason("meeting.events: NOT_SINGLE_OBJECT_ENCODED: expected marker C3 01")
                .setConsumer("stream-jobs/usage-meter").setFailedAt(AT)
                .build();
    }
}
