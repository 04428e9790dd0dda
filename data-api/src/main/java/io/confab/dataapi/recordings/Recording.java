package io.confab.dataapi.recordings;

import java.time.Instant;
import java.util.List;

/**
 * One recording as {@code recordings_by_account} describes it (written by the recording mixer).
 *
 * @param status       RECORDING, READY or FAILED
 * @param endedAt      null while recording
 * @param durationMs   null until finalized
 * @param participants display names of who was recorded
 * @param posterS3Key  the poster JPEG's key in the recordings bucket, or null
 */
public record Recording(String accountId, Instant startedAt, String recordingId, String meetingId, Instant endedAt,
                        Long durationMs, String status, boolean audioOnly, List<String> participants,
                        String posterS3Key) {

    public Recording {
        participants = participants == null ? List.of() : List.copyOf(participants);
    }
}
