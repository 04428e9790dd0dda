package io.confab.jobs.recording.output;

import io.confab.jobs.recording.RecordingWindow;
import io.confab.storage.s3.S3Layout;
import java.util.Locale;

/**
 * The names of a recording's objects, all directly under its prefix
 * {@code recordings/{account}/{meeting}/{recording}/} (S3Layout): flat names, so each is one key
 * segment and a recording is listed, served or deleted with one prefix.
 */
public final class RecordingFiles {

    public static final String MP4 = "recording.mp4";
    public static final String M4A = "audio.m4a";
    public static final String POSTER = "poster.jpg";
    public static final String CHAT_TEXT = "chat.txt";
    public static final String CHAT_JSON = "chat.json";
    public static final String TIMELINE = "timeline.json";

    private RecordingFiles() {
    }

    public static String key(RecordingWindow r, String fileName) {
        return S3Layout.recording(r.accountId, r.meetingId, r.recordingId, fileName);
    }

    /** Segment {@code n} of the recording while it is in progress (deleted once the MP4 is made). */
    public static String segment(int n) {
        return String.format(Locale.ROOT, "segment-%06d.seg", n);
    }

    public static String thumbnail(long offsetMs) {
        return String.format(Locale.ROOT, "thumbnail-%06d.jpg", offsetMs / 1000);
    }

    public static String track(String participantId) {
        return "track-" + participantId + ".m4a";
    }
}
