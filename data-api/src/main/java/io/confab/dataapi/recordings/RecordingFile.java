package io.confab.dataapi.recordings;

import java.time.Instant;

/**
 * One object of a recording in S3, a row of {@code recordings_by_meeting}.
 *
 * @param kind one of {@link #KINDS}: the names of the {@code confab demo --json} contract
 */
public record RecordingFile(String meetingId, String recordingId, String kind, String s3Key, String accountId,
                            String s3Bucket, Long sizeBytes, Long durationMs, String contentType, Instant createdAt) {

    /** What the mixer and post-processing write, in the order a listing shows them. */
    public static final java.util.List<String> KINDS = java.util.List.of("mp4", "m4a", "mp4-360p", "poster", "thumbnail",
            "contact-sheet", "chat", "chat-json", "timeline", "track");

    /** The key's last segment, e.g. {@code recording.mp4}: a download's file name. */
    public String fileName() {
        return s3Key.substring(s3Key.lastIndexOf('/') + 1);
    }
}
