package io.confab.jobs.recording.output;

import io.confab.jobs.recording.RecordingWindow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a recording's files and metadata go: objects in S3 under the recording's prefix, and the
 * rows of recordings_by_meeting and recordings_by_account in Cassandra. Every write is an upsert on
 * a key fixed by the recording, so a job that replays after a crash overwrites what it wrote.
 */
public interface RecordingStore extends AutoCloseable {

    String bucket();

    void put(String key, byte[] bytes, String contentType) throws IOException;

    void put(String key, Path file, String contentType) throws IOException;

    byte[] get(String key) throws IOException;

    /** Writes the object to {@code file} without holding it in memory (an hour's MP4 is hundreds of MB). */
    void download(String key, Path file) throws IOException;

    /** The object's size in bytes, without reading it. */
    long size(String key) throws IOException;

    void delete(List<String> keys) throws IOException;

    /** The recording's row in recordings_by_account, with its status now. */
    void recordingRow(RecordingWindow recording, List<String> participantNames, String posterKey);

    /** One file's row in recordings_by_meeting; {@code kind} is the lowercase API name (mp4, poster, track...). */
    void fileRow(RecordingWindow recording, String kind, String key, long sizeBytes, Long durationMs, String contentType,
                 long createdAtMs);

    @Override
    void close();
}
