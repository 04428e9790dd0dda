package io.confab.dataapi.recordings;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** A recording as the API answers it; {@code files} only when one recording is asked for. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Recording")
public record RecordingView(
        @Schema(description = "recording id") String id,
        String meetingId,
        @Schema(description = "RECORDING, READY or FAILED") String status,
        Instant startedAt,
        Instant endedAt,
        Long durationMs,
        Long durationSeconds,
        boolean audioOnly,
        @Schema(description = "display names of who was recorded") List<String> participants,
        @Schema(description = "presigned GET URL of the poster JPEG, when there is one") String posterUrl,
        List<FileView> files) {

    /** One file with its expiring link. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "RecordingFile")
    public record FileView(
            @Schema(description = "mp4, m4a, mp4-360p, poster, thumbnail, contact-sheet, chat, chat-json, timeline or track")
            String kind,
            @Schema(description = "file name, the last segment of its S3 key") String name,
            String contentType,
            Long sizeBytes,
            Long durationMs,
            Instant createdAt,
            @Schema(description = "presigned GET URL straight to S3; Range requests work there") String url,
            Instant urlExpiresAt) {
    }
}
