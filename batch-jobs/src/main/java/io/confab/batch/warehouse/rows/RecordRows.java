package io.confab.batch.warehouse.rows;

import io.confab.storage.events.MediaKind;
import io.confab.storage.events.MediaQualitySample;
import io.confab.storage.events.RecordingArtifact;
import io.confab.storage.events.TranscriptSegment;
import io.confab.storage.events.UsageRecord;
import io.confab.storage.quality.EModel;
import io.confab.storage.warehouse.rows.MediaQualityRow;
import io.confab.storage.warehouse.rows.RecordingRow;
import io.confab.storage.warehouse.rows.TranscriptRow;
import io.confab.storage.warehouse.rows.UsageRow;

/** The tables that hold one row per topic record: field for field, enums as their names (media quality adds its MOS). */
public final class RecordRows {

    private RecordRows() {
    }

    public static MediaQualityRow quality(MediaQualitySample s) {
        return MediaQualityRow.newBuilder()
                .setAccountId(s.getAccountId()).setMeetingId(s.getMeetingId()).setParticipantId(s.getParticipantId())
                .setDirection(s.getDirection().name()).setKind(s.getKind().name())
                .setIntervalStart(s.getIntervalStart()).setIntervalEnd(s.getIntervalEnd())
                .setPackets(s.getPackets()).setPacketsLost(s.getPacketsLost()).setFractionLost(s.getFractionLost())
                .setJitterMs(s.getJitterMs()).setRttMs(s.getRttMs()).setBitrateKbps(s.getBitrateKbps())
                .setMos(s.getKind() == MediaKind.AUDIO ? EModel.estimate(s.getFractionLost(), s.getJitterMs(), s.getRttMs()).mos() : null)
                .build();
    }

    /** The sample's identity: a replayed sample is the same row. */
    public static String qualityIdentity(MediaQualitySample s) {
        return s.getMeetingId() + '|' + s.getParticipantId() + '|' + s.getDirection() + '|' + s.getKind() + '|' + s.getIntervalStart().toEpochMilli();
    }

    public static UsageRow usage(UsageRecord r) {
        return UsageRow.newBuilder()
                .setRecordId(r.getRecordId()).setAccountId(r.getAccountId()).setMeetingId(r.getMeetingId())
                .setParticipantId(r.getParticipantId()).setMetric(r.getMetric().name()).setQuantity(r.getQuantity())
                .setWindowStart(r.getWindowStart()).setWindowEnd(r.getWindowEnd())
                .build();
    }

    public static RecordingRow recording(RecordingArtifact a) {
        return RecordingRow.newBuilder()
                .setAccountId(a.getAccountId()).setMeetingId(a.getMeetingId()).setRecordingId(a.getRecordingId())
                .setKind(a.getKind().name()).setS3Key(a.getS3Key()).setSizeBytes(a.getSizeBytes()).setDurationMs(a.getDurationMs())
                .setContentType(a.getContentType()).setCreatedAt(a.getCreatedAt()).setParticipantId(a.getParticipantId())
                .build();
    }

    public static TranscriptRow transcript(TranscriptSegment s) {
        return TranscriptRow.newBuilder()
                .setAccountId(s.getAccountId()).setMeetingId(s.getMeetingId()).setRecordingId(s.getRecordingId())
                .setSegmentId(s.getSegmentId()).setSpeakerParticipantId(s.getSpeakerParticipantId()).setSpeakerName(s.getSpeakerName())
                .setMeetingStartedAt(s.getMeetingStartedAt()).setStartOffsetMs(s.getStartOffsetMs()).setEndOffsetMs(s.getEndOffsetMs())
                .setSpokenAt(s.getMeetingStartedAt().plusMillis(s.getStartOffsetMs()))
                .setText(s.getText()).setConfidence(s.getConfidence()).setLanguage(s.getLanguage())
                .build();
    }
}
