package io.confab.jobs.usage.recording;

import io.confab.jobs.usage.state.StateFormat;
import io.confab.jobs.usage.state.StateReader;
import io.confab.jobs.usage.state.StateWriter;

import io.confab.jobs.usage.UsageIds;
import io.confab.storage.events.ArtifactKind;
import io.confab.storage.events.RecordingArtifact;
import io.confab.storage.events.UsageMetric;
import io.confab.storage.events.UsageRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * One recording's media artifacts, for RECORDING_MINUTES (USAGE.md): the MP4's duration, or the
 * M4A's when there is no MP4 (audio only). The two may arrive in either order; an M4A counted
 * before its MP4 arrived is overwritten with zero then. Every artifact's bytes count as
 * STORAGE_BYTES on the day it was created. Instant facts have windowStart == windowEnd.
 */
public final class RecordingLedger {

    /** A media artifact as counted: its record id and what was told. */
    private record Media(String recordId, String accountId, String meetingId, long createdAt, long durationMs, boolean counted) {
    }

    /** The state serde's form: the MP4s and the M4As by S3 key, then the newest creation time. */
    public static final StateFormat<RecordingLedger> FORMAT = new StateFormat<>() {
        @Override
        public void write(RecordingLedger ledger, StateWriter out) {
            for (TreeMap<String, Media> kind : List.of(ledger.mp4, ledger.m4a)) {
                out.writeInt(kind.size());
                kind.forEach((key, media) -> out.writeString(key).writeString(media.recordId()).writeString(media.accountId())
                        .writeString(media.meetingId()).writeLong(media.createdAt()).writeLong(media.durationMs())
                        .writeBoolean(media.counted()));
            }
            out.writeLong(ledger.lastCreatedAt);
        }

        @Override
        public RecordingLedger read(StateReader in) {
            RecordingLedger ledger = new RecordingLedger();
            for (TreeMap<String, Media> kind : List.of(ledger.mp4, ledger.m4a)) {
                for (int i = in.readCount(); i > 0; i--) {
                    kind.put(in.readString(), new Media(in.readString(), in.readString(), in.readString(), in.readLong(),
                            in.readLong(), in.readBoolean()));
                }
            }
            ledger.lastCreatedAt = in.readLong();
            return ledger;
        }
    };

    private TreeMap<String, Media> mp4 = new TreeMap<>();
    private TreeMap<String, Media> m4a = new TreeMap<>();
    private long lastCreatedAt;

    public List<UsageRecord> add(RecordingArtifact artifact) {
        List<UsageRecord> records = new ArrayList<>();
        long createdAt = artifact.getCreatedAt().toEpochMilli();
        lastCreatedAt = Math.max(lastCreatedAt, createdAt);
        records.add(record(UsageIds.of(artifact.getAccountId(), artifact.getMeetingId(), artifact.getRecordingId(),
                        artifact.getKind(), artifact.getS3Key(), UsageMetric.STORAGE_BYTES), artifact.getAccountId(),
                artifact.getMeetingId(), UsageMetric.STORAGE_BYTES, artifact.getSizeBytes(), createdAt));
        if (artifact.getKind() != ArtifactKind.MP4 && artifact.getKind() != ArtifactKind.M4A) {
            return records;
        }
        Media media = new Media(UsageIds.of(artifact.getAccountId(), artifact.getMeetingId(), artifact.getRecordingId(),
                artifact.getKind(), artifact.getS3Key(), UsageMetric.RECORDING_MINUTES), artifact.getAccountId(),
                artifact.getMeetingId(), createdAt, artifact.getDurationMs(), false);
        if (artifact.getKind() == ArtifactKind.MP4) {
            mp4.put(artifact.getS3Key(), media);
            records.add(count(media, media.durationMs()));
            mp4.put(artifact.getS3Key(), new Media(media.recordId(), media.accountId(), media.meetingId(), createdAt, media.durationMs(), true));
            for (var entry : m4a.entrySet()) {
                Media audio = entry.getValue();
                if (audio.counted()) {
                    records.add(count(audio, 0));
                    entry.setValue(new Media(audio.recordId(), audio.accountId(), audio.meetingId(), audio.createdAt(), audio.durationMs(), false));
                }
            }
        } else {
            boolean counted = mp4.isEmpty();
            m4a.put(artifact.getS3Key(), new Media(media.recordId(), media.accountId(), media.meetingId(), createdAt, media.durationMs(), counted));
            if (counted) {
                records.add(count(media, media.durationMs()));
            }
        }
        return records;
    }

    public long lastCreatedAt() {
        return lastCreatedAt;
    }

    private static UsageRecord count(Media media, long durationMs) {
        return record(media.recordId(), media.accountId(), media.meetingId(), UsageMetric.RECORDING_MINUTES, durationMs, media.createdAt());
    }

    private static UsageRecord record(String id, String account, String meeting, UsageMetric metric, long quantity, long at) {
        return UsageRecord.newBuilder()
                .setRecordId(id)
                .setAccountId(account)
                .setMeetingId(meeting)
                .setMetric(metric)
                .setQuantity(quantity)
                .setWindowStart(java.time.Instant.ofEpochMilli(at))
                .setWindowEnd(java.time.Instant.ofEpochMilli(at))
                .build();
    }
}
