package io.confab.core.events;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The SQL of {@code meeting_event_outbox} (migration V6): append a group, read in position order, delete acknowledged rows. */
final class OutboxTable {

    /** A stored event as the relay reads it back. */
    record Row(long position, String meetingId, byte[] payload) {
    }

    private OutboxTable() {
    }

    /**
     * Appends the events in one multi-row INSERT on the caller's transaction; returns each event id's
     * position. Positions grow in the order of {@code events} because one writer appends at a time.
     */
    static Map<String, Long> append(Connection connection, List<OutboxEntry> events) throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO meeting_event_outbox (meeting_id, event_id, payload) VALUES ");
        for (int i = 0; i < events.size(); i++) {
            sql.append(i == 0 ? "(?, ?, ?)" : ", (?, ?, ?)");
        }
        sql.append(" RETURNING position, event_id");
        Map<String, Long> positions = new HashMap<>(events.size() * 2);
        try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
            int i = 1;
            for (OutboxEntry event : events) {
                insert.setString(i++, event.meetingId());
                insert.setObject(i++, UUID.fromString(event.eventId()));
                insert.setBytes(i++, event.payload());
            }
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    positions.put(rs.getObject(2, UUID.class).toString(), rs.getLong(1));
                }
            }
        }
        return positions;
    }

    /** Up to {@code limit} rows after {@code position}, oldest first. */
    static List<Row> after(Connection connection, long position, int limit) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT position, meeting_id, payload"
                + " FROM meeting_event_outbox WHERE position > ? ORDER BY position LIMIT ?")) {
            select.setLong(1, position);
            select.setInt(2, limit);
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getBytes(3)));
                }
            }
            return rows;
        }
    }

    static void delete(Connection connection, List<Long> positions) throws SQLException {
        Array array = connection.createArrayOf("bigint", positions.toArray(new Long[0]));
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM meeting_event_outbox WHERE position = ANY(?)")) {
            delete.setArray(1, array);
            delete.executeUpdate();
        } finally {
            array.free();
        }
    }
}
