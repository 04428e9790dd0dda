package io.confab.dataapi.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.dataapi.recordings.Recording;
import io.confab.dataapi.recordings.RecordingFile;
import io.confab.dataapi.recordings.RecordingStore;
import io.confab.storage.events.RecordingArtifact;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The body of a {@code recording.completed} event, as POSTed (field order is the JSON's).
 *
 * @param id        deterministic from the recording id: a Kafka record read twice makes the same event
 * @param createdAt when the recording completed: the timeline artifact's creation time
 * @param durationMs from the recording's account row, else the longest file; null when neither says
 */
public record RecordingCompleted(String type, String id, String createdAt, String accountId, String meetingId,
                                 String recordingId, Long durationMs, List<File> files) {

    /** One file of the recording, as in {@code recordings_by_meeting}. */
    public record File(String kind, String s3Key, Long sizeBytes, String contentType) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The event id of a recording's completion: a name-based UUID of the recording id. */
    public static String eventId(String recordingId) {
        return UUID.nameUUIDFromBytes((WebhookEvents.RECORDING_COMPLETED + ":" + recordingId).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** The event for a recording whose timeline, its last file, is {@code timeline}; files read from Cassandra. */
    public static RecordingCompleted of(RecordingArtifact timeline, RecordingStore recordings) {
        String accountId = timeline.getAccountId();
        String meetingId = timeline.getMeetingId();
        String recordingId = timeline.getRecordingId();
        List<RecordingFile> rows = recordings.files(meetingId, recordingId).stream()
                .sorted(Comparator.comparingInt((RecordingFile f) -> kindOrder(f.kind())).thenComparing(RecordingFile::s3Key))
                .toList();
        Long duration = recordings.find(accountId, recordingId).map(Recording::durationMs)
                .orElseGet(() -> rows.stream().map(RecordingFile::durationMs).filter(Objects::nonNull)
                        .max(Long::compare).orElse(null));
        Instant completed = timeline.getCreatedAt();
        return new RecordingCompleted(WebhookEvents.RECORDING_COMPLETED, eventId(recordingId), completed.toString(),
                accountId, meetingId, recordingId, duration,
                rows.stream().map(f -> new File(f.kind(), f.s3Key(), f.sizeBytes(), f.contentType())).toList());
    }

    private static int kindOrder(String kind) {
        int index = RecordingFile.KINDS.indexOf(kind);
        return index < 0 ? Integer.MAX_VALUE : index;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a record of strings and numbers always serializes", e);
        }
    }
}
