package io.confab.storage.warehouse;

import io.confab.storage.warehouse.rows.MediaQualityRow;
import io.confab.storage.warehouse.rows.MeetingEventRow;
import io.confab.storage.warehouse.rows.MeetingRow;
import io.confab.storage.warehouse.rows.ParticipantSessionRow;
import io.confab.storage.warehouse.rows.RecordingRow;
import io.confab.storage.warehouse.rows.TranscriptRow;
import io.confab.storage.warehouse.rows.UsageRow;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** One realistic row per warehouse table. */
final class WarehouseRows {

    static final Instant START = Instant.parse("2025-03-30T09:00:00.125Z");

    private WarehouseRows() {
    }

    static Map<WarehouseTable, SpecificRecord> onePerTable() {
        return Map.of(
                WarehouseTable.MEETINGS, MeetingRow.newBuilder()
                        .setAccountId("acct-7f3a").setMeetingId("8472910365").setTopic("Quarterly planning")
                        .setHostUserId("user-1").setMeetingType("SCHEDULED").setStartedAt(START)
                        .setEndedAt(START.plusSeconds(3_600)).setEndReason("ENDED_BY_HOST").setDurationMs(3_600_000L)
                        .setParticipantSessions(4).setDistinctUsers(3).setPeakParticipants(3).setRecorded(true).setChatMessages(12)
                        .build(),
                WarehouseTable.PARTICIPANT_SESSIONS, ParticipantSessionRow.newBuilder()
                        .setAccountId("acct-7f3a").setMeetingId("8472910365").setParticipantId("p-1").setUserId(null)
                        .setDisplayName("Grace").setRole("GUEST").setClient("confab-bot").setJoinedAt(START)
                        .setLeftAt(START.plusSeconds(1_800)).setLeaveReason("LEFT").setDurationMs(1_800_000L)
                        .build(),
                WarehouseTable.MEDIA_QUALITY, MediaQualityRow.newBuilder()
                        .setAccountId("acct-7f3a").setMeetingId("8472910365").setParticipantId("p-1")
                        .setDirection("UPSTREAM").setKind("VIDEO").setIntervalStart(START).setIntervalEnd(START.plusSeconds(5))
                        .setPackets(2_400).setPacketsLost(3).setFractionLost(0.00125f).setJitterMs(3.5).setRttMs(null)
                        .setBitrateKbps(1_480.0)
                        .build(),
                WarehouseTable.USAGE, usage(START),
                WarehouseTable.MEETING_EVENTS, MeetingEventRow.newBuilder()
                        .setEventId("e-1").setAccountId("acct-7f3a").setMeetingId("8472910365").setOccurredAt(START)
                        .setEventType("ChatMessage").setSchemaVersion(1).setActorParticipantId("p-1")
                        .setParticipantId("p-1").setMessageId("m-1").setToParticipantId(null).setText("hello 👋")
                        .build(),
                WarehouseTable.RECORDINGS, RecordingRow.newBuilder()
                        .setAccountId("acct-7f3a").setMeetingId("8472910365").setRecordingId("rec-1").setKind("MP4")
                        .setS3Key("recordings/acct-7f3a/8472910365/rec-1/recording.mp4").setSizeBytes(52_428_800L)
                        .setDurationMs(3_600_000L).setContentType("video/mp4").setCreatedAt(START.plusSeconds(3_620))
                        .build(),
                WarehouseTable.TRANSCRIPTS, TranscriptRow.newBuilder()
                        .setAccountId("acct-7f3a").setMeetingId("8472910365").setRecordingId("rec-1").setSegmentId("seg-1")
                        .setSpeakerParticipantId("p-1").setSpeakerName("Grace").setMeetingStartedAt(START)
                        .setStartOffsetMs(4_000L).setEndOffsetMs(6_500L).setSpokenAt(START.plusMillis(4_000L))
                        .setText("let us begin").setConfidence(0.92f).setLanguage("en")
                        .build());
    }

    static UsageRow usage(Instant windowStart) {
        return UsageRow.newBuilder()
                .setRecordId("usage-1").setAccountId("acct-7f3a").setMeetingId("8472910365").setParticipantId("p-1")
                .setMetric("PARTICIPANT_MINUTES").setQuantity(60_000L)
                .setWindowStart(windowStart).setWindowEnd(windowStart.plusSeconds(60))
                .build();
    }
}
