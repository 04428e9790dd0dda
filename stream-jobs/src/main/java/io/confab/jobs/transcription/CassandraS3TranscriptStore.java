package io.confab.jobs.transcription;

import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.confab.jobs.config.StorageClients;
import io.confab.storage.cassandra.CassandraSchema;
import io.confab.storage.events.TranscriptSegment;
import io.confab.storage.s3.S3Layout;
import io.confab.storage.transcript.SearchWords;
import io.confab.storage.transcript.TranscriptFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;

/** The real {@link TranscriptStore}: Cassandra through the driver, S3 through the AWS SDK (path style, any S3 API). */
final class CassandraS3TranscriptStore extends StorageClients implements TranscriptStore {

    private final PreparedStatement insertSegment;
    private final PreparedStatement insertWord;
    private final PreparedStatement liveRun;
    private final PreparedStatement readyRun;
    private final PreparedStatement insertFile;
    private final PreparedStatement segmentsFrom;
    private final PreparedStatement deleteSegment;
    private final PreparedStatement deleteWord;
    private final PreparedStatement requestState;

    CassandraS3TranscriptStore(TranscriberConfig config) {
        super(config.connections());
        String ks = CassandraSchema.KEYSPACE;
        insertSegment = cassandra.prepare("INSERT INTO " + ks + ".transcript_segments_by_meeting (meeting_id, meeting_started_at,"
                + " start_offset_ms, segment_id, end_offset_ms, account_id, recording_id, speaker_participant_id, speaker_name, text,"
                + " confidence, language) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
        insertWord = cassandra.prepare("INSERT INTO " + ks + ".transcript_words_by_account (account_id, word, meeting_id,"
                + " meeting_started_at, start_offset_ms, segment_id, end_offset_ms, speaker_participant_id, speaker_name, text)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?)");
        liveRun = cassandra.prepare("UPDATE " + ks + ".transcripts_by_meeting SET account_id = ?, status = 'LIVE'"
                + " WHERE meeting_id = ? AND meeting_started_at = ?");
        readyRun = cassandra.prepare("UPDATE " + ks + ".transcripts_by_meeting SET account_id = ?, recording_id = ?, status = 'READY',"
                + " segments = ?, s3_bucket = ?, json_key = ?, vtt_key = ?, srt_key = ? WHERE meeting_id = ? AND meeting_started_at = ?");
        segmentsFrom = cassandra.prepare("SELECT start_offset_ms, segment_id, account_id, text FROM " + ks
                + ".transcript_segments_by_meeting WHERE meeting_id = ? AND meeting_started_at = ? AND start_offset_ms >= ?");
        deleteSegment = cassandra.prepare("DELETE FROM " + ks + ".transcript_segments_by_meeting WHERE meeting_id = ?"
                + " AND meeting_started_at = ? AND start_offset_ms = ? AND segment_id = ?");
        deleteWord = cassandra.prepare("DELETE FROM " + ks + ".transcript_words_by_account WHERE account_id = ? AND word = ?"
                + " AND meeting_id = ? AND meeting_started_at = ? AND start_offset_ms = ? AND segment_id = ?");
        requestState = cassandra.prepare("UPDATE " + ks + ".transcripts_by_meeting SET account_id = ?, recording_id = ?, status = ?,"
                + " progress = ?, error = ? WHERE meeting_id = ? AND meeting_started_at = ?");
        insertFile = cassandra.prepare("INSERT INTO " + ks + ".recordings_by_meeting (meeting_id, recording_id, kind, s3_key,"
                + " account_id, s3_bucket, size_bytes, duration_ms, content_type, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)");
    }

    @Override
    public void segment(TranscriptSegment s, boolean firstOfRun) throws IOException {
        Instant started = s.getMeetingStartedAt();
        try {
            cassandra.execute(insertSegment.bind(s.getMeetingId(), started, s.getStartOffsetMs(), s.getSegmentId(), s.getEndOffsetMs(),
                    s.getAccountId(), s.getRecordingId(), s.getSpeakerParticipantId(), s.getSpeakerName(), s.getText(),
                    s.getConfidence(), s.getLanguage()));
            // One partition per word: a logged batch would span partitions for nothing; unlogged
            // is one round trip, and a replay repeats the same upserts.
            BatchStatementBuilder words = BatchStatement.builder(DefaultBatchType.UNLOGGED);
            for (String word : SearchWords.of(s.getText())) {
                words.addStatement(insertWord.bind(s.getAccountId(), word, s.getMeetingId(), started, s.getStartOffsetMs(),
                        s.getSegmentId(), s.getEndOffsetMs(), s.getSpeakerParticipantId(), s.getSpeakerName(), s.getText()));
            }
            if (words.getStatementsCount() > 0) {
                cassandra.execute(words.build());
            }
            if (firstOfRun) {
                cassandra.execute(liveRun.bind(s.getAccountId(), s.getMeetingId(), started));
            }
        } catch (DriverException e) {
            throw new IOException("Cassandra write of segment " + s.getSegmentId() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void forgetSegments(String meetingId, Instant meetingStartedAt, long fromOffsetMs, java.util.Set<String> segmentIds)
            throws IOException {
        try {
            for (com.datastax.oss.driver.api.core.cql.Row row : cassandra.execute(segmentsFrom.bind(meetingId, meetingStartedAt, fromOffsetMs))) {
                String id = row.getString("segment_id");
                if (!segmentIds.contains(id)) {
                    continue;
                }
                long start = row.getLong("start_offset_ms");
                for (String word : SearchWords.of(row.getString("text"))) {
                    cassandra.execute(deleteWord.bind(row.getString("account_id"), word, meetingId, meetingStartedAt, start, id));
                }
                cassandra.execute(deleteSegment.bind(meetingId, meetingStartedAt, start, id));
            }
        } catch (DriverException e) {
            throw new IOException("Cassandra: forgetting the replayed segments of " + meetingId + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Map<TranscriptFormat, StoredFile> files(TranscriptId id, int segments, Map<TranscriptFormat, String> documents) throws IOException {
        Map<TranscriptFormat, StoredFile> stored = new EnumMap<>(TranscriptFormat.class);
        for (Map.Entry<TranscriptFormat, String> document : documents.entrySet()) {
            TranscriptFormat format = document.getKey();
            byte[] bytes = document.getValue().getBytes(StandardCharsets.UTF_8);
            String key = S3Layout.recording(id.accountId(), id.meetingId(), id.recordingId(), format.fileName());
            try {
                s3.putObject(b -> b.bucket(bucket).key(key).contentType(format.contentType()), RequestBody.fromBytes(bytes));
                cassandra.execute(insertFile.bind(id.meetingId(), id.recordingId(), kindName(format), key, id.accountId(), bucket,
                        (long) bytes.length, null, format.contentType(), Instant.now()));
            } catch (SdkException | DriverException e) {
                throw new IOException("storing " + key + " failed: " + e.getMessage(), e);
            }
            stored.put(format, new StoredFile(format, bucket, key, bytes.length));
        }
        try {
            cassandra.execute(readyRun.bind(id.accountId(), id.recordingId(), segments, bucket,
                    keyOf(stored, TranscriptFormat.JSON), keyOf(stored, TranscriptFormat.VTT), keyOf(stored, TranscriptFormat.SRT),
                    id.meetingId(), Instant.ofEpochMilli(id.meetingStartedAtMs())));
        } catch (DriverException e) {
            throw new IOException("Cassandra write of the transcript of " + id.meetingId() + " failed: " + e.getMessage(), e);
        }
        return stored;
    }

    @Override
    public void requestState(TranscriptId id, String status, float progress, String error) throws IOException {
        try {
            cassandra.execute(requestState.bind(id.accountId(), id.recordingId(), status, progress, error, id.meetingId(),
                    Instant.ofEpochMilli(id.meetingStartedAtMs())));
        } catch (DriverException e) {
            throw new IOException("Cassandra write of the state of transcript " + id.meetingId() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void download(String fromBucket, String key, java.nio.file.Path to) throws IOException {
        try {
            java.nio.file.Files.deleteIfExists(to);
            s3.getObject(b -> b.bucket(fromBucket).key(key), software.amazon.awssdk.core.sync.ResponseTransformer.toFile(to));
        } catch (SdkException e) {
            throw new IOException("S3 get of " + fromBucket + "/" + key + " failed: " + e.getMessage(), e);
        }
    }

    /** The recordings API's lowercase file kinds (as the demo names them). */
    static String kindName(TranscriptFormat format) {
        return switch (format) {
            case JSON -> "transcript";
            case VTT -> "webvtt";
            default -> format.name().toLowerCase(Locale.ROOT);
        };
    }

    private static String keyOf(Map<TranscriptFormat, StoredFile> stored, TranscriptFormat format) {
        StoredFile file = stored.get(format);
        return file == null ? null : file.key();
    }
}
