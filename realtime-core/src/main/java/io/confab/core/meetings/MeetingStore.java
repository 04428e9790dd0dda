package io.confab.core.meetings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Meetings in PostgreSQL (table {@code meetings}); the recurrence rule is kept as JSON and expanded on read. */
public final class MeetingStore {

    /** A stored meeting and the cloud recording running in it, if any. */
    public record Stored(Meeting meeting, String recordingId) {
    }

    /** The recurrence rule as stored in the {@code recurrence} jsonb column. */
    record RecurrenceRow(String frequency, int interval, List<String> daysOfWeek, Integer dayOfMonth, String endDate,
                         Integer count) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, account_id, host_user_id, topic, passcode_hash, type, start_local,"
            + " duration_minutes, time_zone, recurrence, waiting_room, join_before_host, mute_on_entry, allow_recording,"
            + " e2ee_enabled, transcription, status, personal, created_at, started_at, ended_at, recording_id";

    private final DataSource database;

    public MeetingStore(DataSource database) {
        this.database = database;
    }

    /** Inserts a new meeting; false when its id is taken (draw another). */
    public boolean insert(Meeting meeting) throws SQLException {
        try (Connection connection = database.getConnection()) {
            return insert(connection, meeting);
        }
    }

    /** {@link #insert(Meeting)} in the caller's transaction (the outbox's, with the MeetingCreated event). */
    public boolean insert(Connection connection, Meeting meeting) throws SQLException {
        String sql = "INSERT INTO meetings (id, account_id, host_user_id, topic, passcode_hash, type, start_local,"
                + " duration_minutes, time_zone, recurrence, waiting_room, join_before_host, mute_on_entry,"
                + " allow_recording, e2ee_enabled, transcription, status, personal, created_at, started_at, ended_at)"
                + " VALUES (?, ?::uuid, ?::uuid, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (id) DO NOTHING";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setString(1, meeting.id().digits());
            insert.setString(2, meeting.accountId());
            insert.setString(3, meeting.hostUserId());
            bindMutable(insert, 4, meeting);
            insert.setString(17, meeting.status().name());
            insert.setBoolean(18, meeting.personal());
            insert.setTimestamp(19, Timestamp.from(meeting.createdAt()));
            insert.setTimestamp(20, timestamp(meeting.startedAt()));
            insert.setTimestamp(21, timestamp(meeting.endedAt()));
            return insert.executeUpdate() == 1;
        }
    }

    /**
     * Stores what a host may change (topic, schedule, passcode, settings). Status and run times are
     * not touched: they belong to the live meeting ({@link #markStarted}, {@link #markEnded}), and
     * an edit racing with a start or end must not undo it.
     */
    public void update(Meeting meeting) throws SQLException {
        try (Connection connection = database.getConnection()) {
            update(connection, meeting);
        }
    }

    /** {@link #update(Meeting)} in the caller's transaction (the outbox's, with the MeetingUpdated event). */
    public void update(Connection connection, Meeting meeting) throws SQLException {
        String sql = "UPDATE meetings SET topic = ?, passcode_hash = ?, type = ?, start_local = ?, duration_minutes = ?,"
                + " time_zone = ?, recurrence = ?::jsonb, waiting_room = ?, join_before_host = ?, mute_on_entry = ?,"
                + " allow_recording = ?, e2ee_enabled = ?, transcription = ?"
                + " WHERE id = ?";
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            bindMutable(update, 1, meeting);
            update.setString(14, meeting.id().digits());
            update.executeUpdate();
        }
    }

    /** SCHEDULED -> STARTED, only if the meeting is still SCHEDULED; false otherwise. In the caller's transaction. */
    public boolean markStarted(Connection connection, MeetingId id, Instant at) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE meetings SET status = 'STARTED',"
                + " started_at = ?, ended_at = NULL WHERE id = ? AND status = 'SCHEDULED'")) {
            update.setTimestamp(1, Timestamp.from(at));
            update.setString(2, id.digits());
            return update.executeUpdate() == 1;
        }
    }

    /**
     * Ends the current run, only if the meeting is STARTED: to ENDED, or back to SCHEDULED for a
     * personal room or a series with occurrences to come ({@link Meeting#end}). In the caller's
     * transaction, so that the status changes together with the event that says so.
     */
    public boolean markEnded(Connection connection, MeetingId id, Instant at) throws SQLException {
        Optional<Stored> stored = find(connection, id);
        if (stored.isEmpty() || stored.get().meeting().status() != MeetingStatus.STARTED) {
            return false;
        }
        Meeting ended = stored.get().meeting().end(at);
        try (PreparedStatement update = connection.prepareStatement("UPDATE meetings SET status = ?, ended_at = ?,"
                + " recording_id = NULL WHERE id = ? AND status = 'STARTED'")) {
            update.setString(1, ended.status().name());
            update.setTimestamp(2, Timestamp.from(at));
            update.setString(3, id.digits());
            return update.executeUpdate() == 1;
        }
    }

    /** Sets or clears (null) the running cloud recording, in the caller's transaction. */
    public void setRecording(Connection connection, MeetingId id, String recordingId) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE meetings SET recording_id = ?::uuid WHERE id = ?")) {
            update.setString(1, recordingId);
            update.setString(2, id.digits());
            update.executeUpdate();
        }
    }

    public boolean delete(MeetingId id) throws SQLException {
        try (Connection connection = database.getConnection()) {
            return delete(connection, id);
        }
    }

    /** {@link #delete(MeetingId)} in the caller's transaction (the outbox's, with the MeetingDeleted event). */
    public boolean delete(Connection connection, MeetingId id) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM meetings WHERE id = ?")) {
            delete.setString(1, id.digits());
            return delete.executeUpdate() == 1;
        }
    }

    /** The meeting an id as typed names, if any; a mistyped id (bad check digit) names none, without a lookup. */
    public Optional<Stored> findTyped(String typed) throws SQLException {
        return MeetingId.parse(typed) instanceof MeetingIdParse.Found found ? find(found.id()) : Optional.empty();
    }

    public Optional<Stored> find(MeetingId id) throws SQLException {
        try (Connection connection = database.getConnection()) {
            return find(connection, id);
        }
    }

    private static Optional<Stored> find(Connection connection, MeetingId id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM meetings WHERE id = ?")) {
            select.setString(1, id.digits());
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** The meetings a user hosts, newest first. */
    public List<Stored> hostedBy(String userId, int limit) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                     + " FROM meetings WHERE host_user_id = ?::uuid ORDER BY created_at DESC LIMIT ?")) {
            select.setString(1, userId);
            select.setInt(2, limit);
            List<Stored> meetings = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    meetings.add(read(rs));
                }
            }
            return meetings;
        }
    }

    private static void bindMutable(PreparedStatement statement, int first, Meeting meeting) throws SQLException {
        int i = first;
        statement.setString(i++, meeting.topic());
        statement.setString(i++, meeting.passcodeHash());
        statement.setString(i++, meeting.type().name());
        if (meeting.localStart() == null) {
            statement.setNull(i++, Types.TIMESTAMP);
        } else {
            statement.setObject(i++, meeting.localStart());
        }
        statement.setInt(i++, meeting.durationMinutes());
        statement.setString(i++, meeting.timeZone().getId());
        statement.setString(i++, recurrenceJson(meeting.recurrence()));
        statement.setBoolean(i++, meeting.settings().waitingRoom());
        statement.setBoolean(i++, meeting.settings().joinBeforeHost());
        statement.setBoolean(i++, meeting.settings().muteOnEntry());
        statement.setBoolean(i++, meeting.settings().allowRecording());
        statement.setBoolean(i++, meeting.settings().e2eeEnabled());
        statement.setBoolean(i, meeting.settings().transcription());
    }

    private static Stored read(ResultSet rs) throws SQLException {
        Meeting meeting = new Meeting(
                new MeetingId(rs.getString("id")),
                rs.getString("account_id"),
                rs.getString("host_user_id"),
                rs.getString("topic"),
                rs.getString("passcode_hash"),
                MeetingType.valueOf(rs.getString("type")),
                rs.getObject("start_local", java.time.LocalDateTime.class),
                rs.getInt("duration_minutes"),
                ZoneId.of(rs.getString("time_zone")),
                recurrence(rs.getString("recurrence")),
                new MeetingSettings(rs.getBoolean("waiting_room"), rs.getBoolean("join_before_host"),
                        rs.getBoolean("mute_on_entry"), rs.getBoolean("allow_recording"), rs.getBoolean("e2ee_enabled"),
                        rs.getBoolean("transcription")),
                MeetingStatus.valueOf(rs.getString("status")),
                rs.getTimestamp("created_at").toInstant(),
                rs.getBoolean("personal"),
                instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("ended_at")));
        return new Stored(meeting, rs.getString("recording_id"));
    }

    static String recurrenceJson(Recurrence recurrence) {
        if (recurrence == null) {
            return null;
        }
        RecurrenceRow row;
        if (recurrence.frequency() instanceof Recurrence.Weekly w) {
            row = row("WEEKLY", recurrence, w.days().stream().sorted().map(DayOfWeek::name).collect(Collectors.toList()), null);
        } else if (recurrence.frequency() instanceof Recurrence.Monthly m) {
            row = row("MONTHLY", recurrence, null, m.dayOfMonth());
        } else {
            row = row("DAILY", recurrence, null, null);
        }
        try {
            return JSON.writeValueAsString(row);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RecurrenceRow row(String frequency, Recurrence recurrence, List<String> days, Integer dayOfMonth) {
        String endDate = recurrence.end() instanceof Recurrence.Until until ? until.lastDate().toString() : null;
        Integer count = recurrence.end() instanceof Recurrence.Count c ? c.occurrences() : null;
        return new RecurrenceRow(frequency, recurrence.interval(), days, dayOfMonth, endDate, count);
    }

    static Recurrence recurrence(String json) {
        if (json == null) {
            return null;
        }
        try {
            RecurrenceRow row = JSON.readValue(json, RecurrenceRow.class);
            Recurrence.End end = row.endDate() != null ? new Recurrence.Until(LocalDate.parse(row.endDate()))
                    : new Recurrence.Count(row.count());
            return switch (row.frequency()) {
                case "DAILY" -> Recurrence.daily(row.interval(), end);
                case "WEEKLY" -> Recurrence.weekly(row.interval(),
                        row.daysOfWeek().stream().map(DayOfWeek::valueOf).collect(Collectors.toCollection(TreeSet::new)), end);
                case "MONTHLY" -> Recurrence.monthly(row.interval(), row.dayOfMonth(), end);
                default -> throw new IllegalStateException("stored recurrence has unknown frequency " + row.frequency());
            };
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored recurrence is not readable: " + json, e);
        }
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
