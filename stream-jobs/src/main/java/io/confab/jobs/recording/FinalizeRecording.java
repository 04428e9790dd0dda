package io.confab.jobs.recording;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The mixer's hand-over of one rendered recording to the {@link RecordingFinisher}: every segment
 * is in S3, and {@code recording} (the {@link RecordingWindow} as JSON, the encoding of the mixer's
 * own state) says how many, where the poster and thumbnails are, who was there and what happened:
 * all the finisher needs, so it reads nothing of the mixer's state.
 */
public record FinalizeRecording(String meetingId, String recordingId, byte[] recording) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public static FinalizeRecording of(RecordingWindow recording) {
        try {
            return new FinalizeRecording(recording.meetingId, recording.recordingId, JSON.writeValueAsBytes(recording));
        } catch (IOException e) {
            throw new UncheckedIOException("recording " + recording.recordingId + " cannot be written as JSON", e);
        }
    }

    /** A fresh copy of the recording each call: the finisher changes its copy (status, attempts). */
    public RecordingWindow window() {
        try {
            return JSON.readValue(recording, RecordingWindow.class);
        } catch (IOException e) {
            throw new UncheckedIOException("recording " + recordingId + " cannot be read back from JSON", e);
        }
    }
}
