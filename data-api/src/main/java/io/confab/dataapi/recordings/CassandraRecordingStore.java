package io.confab.dataapi.recordings;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.confab.storage.cassandra.CassandraSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link RecordingStore} over Cassandra, on the tables of storage's {@code schema.cql}. Every read
 * names its partition key; the one filtered read ({@link #find}) stays inside one account's
 * partition.
 */
public final class CassandraRecordingStore implements RecordingStore {

    static final String BY_ACCOUNT = CassandraSchema.table("recordings_by_account");
    static final String BY_MEETING = CassandraSchema.table("recordings_by_meeting");
    static final String RETENTION = CassandraSchema.table("recording_retention_by_account");

    private final CqlSession session;
    private final PreparedStatement byAccount;
    private final PreparedStatement find;
    private final PreparedStatement startedBefore;
    private final PreparedStatement filesOfMeeting;
    private final PreparedStatement files;
    private final PreparedStatement deleteRecording;
    private final PreparedStatement deleteFiles;
    private final PreparedStatement retention;
    private final PreparedStatement setRetention;
    private final PreparedStatement clearRetention;
    private final PreparedStatement policies;

    public CassandraRecordingStore(CqlSession session) {
        this.session = session;
        this.byAccount = session.prepare("SELECT * FROM " + BY_ACCOUNT + " WHERE account_id = ? LIMIT ?");
        // Filtering inside one partition: bounded by the account's recordings, which retention bounds.
        this.find = session.prepare("SELECT * FROM " + BY_ACCOUNT + " WHERE account_id = ? AND recording_id = ? ALLOW FILTERING");
        this.startedBefore = session.prepare("SELECT * FROM " + BY_ACCOUNT + " WHERE account_id = ? AND started_at < ? LIMIT ?");
        this.filesOfMeeting = session.prepare("SELECT * FROM " + BY_MEETING + " WHERE meeting_id = ?");
        this.files = session.prepare("SELECT * FROM " + BY_MEETING + " WHERE meeting_id = ? AND recording_id = ?");
        this.deleteRecording = session.prepare("DELETE FROM " + BY_ACCOUNT + " WHERE account_id = ? AND started_at = ? AND recording_id = ?");
        this.deleteFiles = session.prepare("DELETE FROM " + BY_MEETING + " WHERE meeting_id = ? AND recording_id = ?");
        this.retention = session.prepare("SELECT days FROM " + RETENTION + " WHERE account_id = ?");
        this.setRetention = session.prepare("INSERT INTO " + RETENTION + " (account_id, days, updated_at, updated_by) VALUES (?, ?, ?, ?)");
        this.clearRetention = session.prepare("DELETE FROM " + RETENTION + " WHERE account_id = ?");
        this.policies = session.prepare("SELECT account_id, days FROM " + RETENTION);
    }

    @Override
    public List<Recording> byAccount(String accountId, int limit) {
        return recordings(session.execute(byAccount.bind(accountId, limit)));
    }

    @Override
    public Optional<Recording> find(String accountId, String recordingId) {
        return recordings(session.execute(find.bind(accountId, recordingId))).stream().findFirst();
    }

    @Override
    public List<Recording> startedBefore(String accountId, Instant cutoff, int limit) {
        return recordings(session.execute(startedBefore.bind(accountId, cutoff, limit)));
    }

    @Override
    public List<RecordingFile> filesOfMeeting(String meetingId) {
        return files(session.execute(filesOfMeeting.bind(meetingId)));
    }

    @Override
    public List<RecordingFile> files(String meetingId, String recordingId) {
        return files(session.execute(files.bind(meetingId, recordingId)));
    }

    @Override
    public void delete(String accountId, Instant startedAt, String recordingId, String meetingId) {
        // Files first: a crash between the two leaves a recording without files, which a retry
        // of the delete finishes, never files that no listing can reach.
        session.execute(deleteFiles.bind(meetingId, recordingId));
        session.execute(deleteRecording.bind(accountId, startedAt, recordingId));
    }

    @Override
    public void deleteFiles(String meetingId, String recordingId) {
        session.execute(deleteFiles.bind(meetingId, recordingId));
    }

    @Override
    public Optional<Integer> retentionDays(String accountId) {
        Row row = session.execute(retention.bind(accountId)).one();
        return row == null || row.isNull("days") ? Optional.empty() : Optional.of(row.getInt("days"));
    }

    @Override
    public void setRetentionDays(String accountId, int days, String updatedBy, Instant now) {
        session.execute(setRetention.bind(accountId, days, now, updatedBy));
    }

    @Override
    public void clearRetention(String accountId) {
        session.execute(clearRetention.bind(accountId));
    }

    @Override
    public Map<String, Integer> retentionPolicies() {
        Map<String, Integer> result = new LinkedHashMap<>();
        for (Row row : session.execute(policies.bind())) {
            if (!row.isNull("days")) {
                result.put(row.getString("account_id"), row.getInt("days"));
            }
        }
        return result;
    }

    private static List<Recording> recordings(Iterable<Row> rows) {
        List<Recording> result = new ArrayList<>();
        for (Row row : rows) {
            result.add(new Recording(row.getString("account_id"), row.getInstant("started_at"),
                    row.getString("recording_id"), row.getString("meeting_id"), row.getInstant("ended_at"),
                    row.isNull("duration_ms") ? null : row.getLong("duration_ms"), row.getString("status"),
                    !row.isNull("audio_only") && row.getBoolean("audio_only"),
                    row.getList("participants", String.class), row.getString("poster_s3_key")));
        }
        return result;
    }

    private static List<RecordingFile> files(Iterable<Row> rows) {
        List<RecordingFile> result = new ArrayList<>();
        for (Row row : rows) {
            result.add(new RecordingFile(row.getString("meeting_id"), row.getString("recording_id"),
                    row.getString("kind"), row.getString("s3_key"), row.getString("account_id"),
                    row.getString("s3_bucket"), row.isNull("size_bytes") ? null : row.getLong("size_bytes"),
                    row.isNull("duration_ms") ? null : row.getLong("duration_ms"), row.getString("content_type"),
                    row.getInstant("created_at")));
        }
        return result;
    }
}
