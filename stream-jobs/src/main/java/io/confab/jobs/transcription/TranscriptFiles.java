package io.confab.jobs.transcription;

import io.confab.jobs.kafka.OutboundRecord;
import io.confab.jobs.transcription.TranscriptRun.RecordingSpan;
import io.confab.storage.codec.Codecs;
import io.confab.storage.events.ArtifactKind;
import io.confab.storage.events.Notification;
import io.confab.storage.events.NotificationChannel;
import io.confab.storage.events.NotificationKind;
import io.confab.storage.events.RecordingArtifact;
import io.confab.storage.events.TranscriptSegment;
import io.confab.storage.topics.Topics;
import io.confab.storage.transcript.TranscriptCue;
import io.confab.storage.transcript.TranscriptDocument;
import io.confab.storage.transcript.TranscriptFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A finished transcript's files: JSON, WebVTT and SRT in S3 next to the recording, each announced
 * on recording.artifacts once stored, and a TRANSCRIPT_READY notification to the host.
 *
 * <p>A recording's files are timed from the recording's start, so they play along its MP4; a
 * transcript of the meeting setting alone (no recording) is timed from the meeting's start and
 * kept in the folder {@code transcript-<start ms>} under the meeting.
 */
final class TranscriptFiles {

    static final List<TranscriptFormat> WRITTEN = List.of(TranscriptFormat.JSON, TranscriptFormat.VTT, TranscriptFormat.SRT);

    private TranscriptFiles() {
    }

    /** The cues of the segments in spoken order, shifted so that {@code originMs} (on the meeting's timeline) is 0. */
    static List<TranscriptCue> cues(List<TranscriptSegment> segments, long originMs) {
        List<TranscriptSegment> ordered = new ArrayList<>(segments);
        ordered.sort(Comparator.comparingLong(TranscriptSegment::getStartOffsetMs).thenComparing(TranscriptSegment::getSegmentId));
        List<TranscriptCue> cues = new ArrayList<>();
        for (TranscriptSegment s : ordered) {
            long start = Math.max(0, s.getStartOffsetMs() - originMs);
            long end = Math.max(start, s.getEndOffsetMs() - originMs);
            cues.add(new TranscriptCue(s.getSpeakerParticipantId(), s.getSpeakerName(), start, end, s.getText()));
        }
        return cues;
    }

    static String folderOf(TranscriptRun run, RecordingSpan recording) {
        return recording == null ? "transcript-" + run.startedAtMs : recording.recordingId;
    }

    static List<OutboundRecord> write(TranscriptStore store, TranscriptRun run, RecordingSpan recording, List<TranscriptSegment> segments)
            throws IOException {
        long originMs = recording == null ? 0 : recording.startedAtMs - run.startedAtMs;
        List<TranscriptCue> cues = cues(segments, originMs);
        Map<TranscriptFormat, String> documents = new EnumMap<>(TranscriptFormat.class);
        WRITTEN.forEach(format -> documents.put(format, TranscriptDocument.render(format, cues)));
        String folder = folderOf(run, recording);
        Map<TranscriptFormat, TranscriptStore.StoredFile> stored = store.files(
                new TranscriptStore.TranscriptId(run.accountId, run.meetingId, run.startedAtMs, folder), segments.size(), documents);
        List<OutboundRecord> out = new ArrayList<>();
        byte[] key = run.meetingId.getBytes(StandardCharsets.UTF_8);
        Instant now = Instant.now();
        for (TranscriptStore.StoredFile file : stored.values()) {
            RecordingArtifact artifact = RecordingArtifact.newBuilder()
                    .setAccountId(run.accountId)
                    .setMeetingId(run.meetingId)
                    .setRecordingId(folder)
                    .setKind(kindOf(file.format()))
                    .setS3Bucket(file.bucket())
                    .setS3Key(file.key())
                    .setSizeBytes(file.sizeBytes())
                    .setContentType(file.format().contentType())
                    .setCreatedAt(now)
                    .build();
            out.add(new OutboundRecord(Topics.RECORDING_ARTIFACTS, key, Codecs.RECORDING_ARTIFACTS.encode(artifact)));
        }
        if (run.hostUserId != null) {
            Notification notification = Notification.newBuilder()
                    .setNotificationId(UUID.nameUUIDFromBytes(("transcript-ready:" + run.meetingId + ':' + folder)
                            .getBytes(StandardCharsets.UTF_8)).toString())
                    .setAccountId(run.accountId)
                    .setUserId(run.hostUserId)
                    .setChannel(NotificationChannel.IN_APP)
                    .setKind(NotificationKind.TRANSCRIPT_READY)
                    .setSubject("Your transcript is ready" + (run.topic == null ? "" : ": " + run.topic))
                    .setBody("The transcript of your meeting (" + segments.size() + " segments, with speaker names) is ready to read,"
                            + " search and download as WebVTT, SRT or JSON.")
                    .setLink("/api/meetings/" + run.meetingId + "/transcript")
                    .setCreatedAt(now)
                    .build();
            out.add(new OutboundRecord(Topics.NOTIFICATIONS, run.hostUserId.getBytes(StandardCharsets.UTF_8),
                    Codecs.NOTIFICATIONS.encode(notification)));
        }
        return out;
    }

    static ArtifactKind kindOf(TranscriptFormat format) {
        return switch (format) {
            case JSON -> ArtifactKind.TRANSCRIPT_JSON;
            case VTT -> ArtifactKind.WEBVTT;
            case SRT -> ArtifactKind.SRT;
            case TXT -> throw new IllegalArgumentException("plain text transcripts are served, not stored");
        };
    }
}
