package io.confab.jobs.recording.output;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.confab.jobs.config.StorageClients;
import io.confab.jobs.recording.MixerConfig;
import io.confab.jobs.recording.RecordingWindow;
import io.confab.storage.cassandra.CassandraSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;

/** The real {@link RecordingStore}: S3 through the AWS SDK (path style, any S3 API), Cassandra through the driver. */
public final class S3CassandraStore extends StorageClients implements RecordingStore {

    private final PreparedStatement insertRecording;
    private final PreparedStatement insertFile;

    public S3CassandraStore(MixerConfig config) {
        super(config.connections());
        String keyspace = CassandraSchema.KEYSPACE;
        this.insertRecording = cassandra.prepare("INSERT INTO " + keyspace + ".recordings_by_account (account_id, started_at, recording_id,"
                + " meeting_id, ended_at, duration_ms, status, audio_only, participants, poster_s3_key) VALUES (?,?,?,?,?,?,?,?,?,?)");
        this.insertFile = cassandra.prepare("INSERT INTO " + keyspace + ".recordings_by_meeting (meeting_id, recording_id, kind, s3_key,"
                + " account_id, s3_bucket, size_bytes, duration_ms, content_type, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)");
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) throws IOException {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(bytes));
        } catch (SdkException e) {
            throw new IOException("S3 put of " + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void put(String key, Path file, String contentType) throws IOException {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromFile(file));
        } catch (SdkException e) {
            throw new IOException("S3 put of " + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] get(String key) throws IOException {
        try {
            return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        } catch (SdkException e) {
            throw new IOException("S3 get of " + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void download(String key, Path file) throws IOException {
        try {
            java.nio.file.Files.deleteIfExists(file);
            s3.getObject(b -> b.bucket(bucket).key(key), software.amazon.awssdk.core.sync.ResponseTransformer.toFile(file));
        } catch (SdkException e) {
            throw new IOException("S3 get of " + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public long size(String key) throws IOException {
        try {
            return s3.headObject(b -> b.bucket(bucket).key(key)).contentLength();
        } catch (SdkException e) {
            throw new IOException("S3 head of " + key + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * One DeleteObject per key: the batch DeleteObjects call needs a checksum header that S3Proxy
     * does not implement (it answers 501), and a recording has a few hundred segments at most.
     */
    @Override
    public void delete(List<String> keys) throws IOException {
        for (String key : keys) {
            try {
                s3.deleteObject(b -> b.bucket(bucket).key(key));
            } catch (SdkException e) {
                throw new IOException("S3 delete of " + key + " failed: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void recordingRow(RecordingWindow r, List<String> participantNames, String posterKey) {
        cassandra.execute(insertRecording.bind(r.accountId, Instant.ofEpochMilli(r.startedAtMs), r.recordingId, r.meetingId,
                r.stoppedAtMs == null ? null : Instant.ofEpochMilli(r.stoppedAtMs),
                r.stoppedAtMs == null ? null : r.durationMs(), r.status.name(), r.audioOnly, participantNames, posterKey));
    }

    @Override
    public void fileRow(RecordingWindow r, String kind, String key, long sizeBytes, Long durationMs, String contentType,
                        long createdAtMs) {
        cassandra.execute(insertFile.bind(r.meetingId, r.recordingId, kind, key, r.accountId, bucket, sizeBytes, durationMs,
                contentType, Instant.ofEpochMilli(createdAtMs)));
    }
}
