package io.confab.jobs.transcription;

import io.confab.storage.events.TranscriptSegment;
import io.confab.storage.transcript.TranscriptFormat;
import java.io.IOException;
import java.io.Serializable;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where the transcription job keeps what it heard: final segments in Cassandra (with the account's
 * word index), the files of a finished transcript in S3. Every write is an upsert keyed by the
 * segment id or the object key, so a replay after a restart rewrites the same rows and objects.
 */
public interface TranscriptStore extends AutoCloseable {

    /** Makes the store on the task manager (the S3 and Cassandra clients are not serializable). */
    interface Factory extends Serializable, Supplier<TranscriptStore> {
    }

    /** Which transcript a set of files belongs to; {@code recordingId} names the S3 folder. */
    record TranscriptId(String accountId, String meetingId, long meetingStartedAtMs, String recordingId) {
    }

    record StoredFile(TranscriptFormat format, String bucket, String key, long sizeBytes) {
    }

    String bucket();

    /** A final segment: its row and its words in the account's index; the first of a run also marks the run LIVE. */
    void segment(TranscriptSegment segment, boolean firstOfRun) throws IOException;

    /**
     * Removes the segments among {@code segmentIds} that start at {@code fromOffsetMs} or later, with
     * their words. After a restore, a segment written between the checkpoint and the crash is heard
     * again under the same id, but a rebuilt recognizer may place it a few milliseconds apart, and a
     * row keyed by its start would then be there twice: its old row goes before the new is written.
     */
    void forgetSegments(String meetingId, java.time.Instant meetingStartedAt, long fromOffsetMs, java.util.Set<String> segmentIds)
            throws IOException;

    /** Writes the files to S3 under the recording's folder and marks the transcript READY. */
    Map<TranscriptFormat, StoredFile> files(TranscriptId id, int segments, Map<TranscriptFormat, String> documents) throws IOException;

    /**
     * The state of a transcript made after the fact (transcription.requests): RUNNING with its
     * progress (0..1), or FAILED with the error. READY is written by {@link #files}.
     */
    void requestState(TranscriptId id, String status, float progress, String error) throws IOException;

    /** Copies a stored object (a recording's audio, an upload) to a local file for the batch transcriber. */
    void download(String bucket, String key, java.nio.file.Path to) throws IOException;

    @Override
    void close();
}
