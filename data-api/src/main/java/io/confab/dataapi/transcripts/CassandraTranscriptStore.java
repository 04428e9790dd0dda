package io.confab.dataapi.transcripts;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link TranscriptStore} over the transcription job's Cassandra tables (storage's schema.cql). */
public final class CassandraTranscriptStore implements TranscriptStore {

    private final CqlSession session;
    private final PreparedStatement latest;
    private final PreparedStatement segments;
    private final PreparedStatement word;
    private final PreparedStatement queued;
    private final PreparedStatement failed;

    public CassandraTranscriptStore(CqlSession session) {
        this.session = session;
        this.latest = session.prepare("SELECT meeting_id, meeting_started_at, account_id, status, recording_id, progress, error"
                + " FROM confab.transcripts_by_meeting WHERE meeting_id = ? LIMIT 1");
        this.segments = session.prepare("SELECT segment_id, speaker_participant_id, speaker_name, start_offset_ms, end_offset_ms, text,"
                + " recording_id FROM confab.transcript_segments_by_meeting WHERE meeting_id = ? AND meeting_started_at = ?");
        this.word = session.prepare("SELECT meeting_id, meeting_started_at, segment_id, speaker_participant_id, speaker_name,"
                + " start_offset_ms, end_offset_ms, text FROM confab.transcript_words_by_account WHERE account_id = ? AND word = ? LIMIT ?");
        this.queued = session.prepare("UPDATE confab.transcripts_by_meeting SET account_id = ?, recording_id = ?, status = 'QUEUED',"
                + " progress = 0, error = null WHERE meeting_id = ? AND meeting_started_at = ?");
        this.failed = session.prepare("UPDATE confab.transcripts_by_meeting SET status = 'FAILED', error = ?"
                + " WHERE meeting_id = ? AND meeting_started_at = ?");
    }

    @Override
    public Optional<Run> latestRun(String meetingId) {
        Row row = session.execute(latest.bind(meetingId)).one();
        return row == null ? Optional.empty() : Optional.of(new Run(row.getString("meeting_id"), row.getInstant("meeting_started_at"),
                row.getString("account_id"), row.getString("status"), row.getString("recording_id"),
                row.isNull("progress") ? null : row.getFloat("progress"), row.getString("error")));
    }

    @Override
    public List<Line> segments(String meetingId, Instant meetingStartedAt) {
        List<Line> lines = new ArrayList<>();
        for (Row row : session.execute(segments.bind(meetingId, meetingStartedAt))) {
            lines.add(new Line(row.getString("segment_id"), row.getString("speaker_participant_id"), row.getString("speaker_name"),
                    row.getLong("start_offset_ms"), row.getLong("end_offset_ms"), row.getString("text"), row.getString("recording_id")));
        }
        return lines;
    }

    @Override
    public void queued(String meetingId, Instant meetingStartedAt, String accountId, String recordingId) {
        session.execute(queued.bind(accountId, recordingId, meetingId, meetingStartedAt));
    }

    @Override
    public void failed(String meetingId, Instant meetingStartedAt, String error) {
        session.execute(failed.bind(error, meetingId, meetingStartedAt));
    }

    @Override
    public List<Hit> withWord(String accountId, String w, int limit) {
        List<Hit> hits = new ArrayList<>();
        for (Row row : session.execute(word.bind(accountId, w, limit))) {
            hits.add(new Hit(row.getString("meeting_id"), row.getInstant("meeting_started_at"), row.getString("segment_id"),
                    row.getString("speaker_participant_id"), row.getString("speaker_name"), row.getLong("start_offset_ms"),
                    row.getLong("end_offset_ms"), row.getString("text")));
        }
        return hits;
    }
}
