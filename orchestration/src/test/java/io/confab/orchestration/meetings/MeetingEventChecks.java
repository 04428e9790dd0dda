package io.confab.orchestration.meetings;

import io.confab.orchestration.platform.PostgresServer;
import io.confab.storage.events.ChatMessage;
import io.confab.storage.events.MeetingEnded;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.MeetingStarted;
import io.confab.storage.events.ParticipantJoined;
import io.confab.storage.events.ParticipantLeft;
import io.confab.testing.Eventually;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the outbox tests check of a meeting's events on {@code meeting.events} and of its rows in
 * PostgreSQL: each event once, in the order it happened, and nothing left behind in the outbox.
 */
final class MeetingEventChecks {

    private MeetingEventChecks() {
    }

    /** Each event once, where it first appeared: what a consumer that de-duplicates by event id sees. */
    static List<MeetingEvent> once(List<MeetingEvent> events) {
        Map<String, MeetingEvent> first = new LinkedHashMap<>();
        events.forEach(event -> first.putIfAbsent(event.getEventId(), event));
        return new ArrayList<>(first.values());
    }

    /** The kinds of the events that tell a meeting's course: start, joins, chat, leaves, end. */
    static List<String> kinds(List<MeetingEvent> events) {
        List<String> kinds = new ArrayList<>();
        for (MeetingEvent event : events) {
            Object payload = event.getPayload();
            if (payload instanceof MeetingStarted || payload instanceof ParticipantJoined || payload instanceof ChatMessage
                    || payload instanceof ParticipantLeft || payload instanceof MeetingEnded) {
                kinds.add(payload.getClass().getSimpleName());
            }
        }
        return kinds;
    }

    /** The chat messages' texts, in the order they are on the topic. */
    static List<String> chat(List<MeetingEvent> events) {
        return events.stream().filter(e -> e.getPayload() instanceof ChatMessage)
                .map(e -> ((ChatMessage) e.getPayload()).getText()).toList();
    }

    /** The meeting's status as its events tell it, as PostgreSQL names it: an instant meeting ends for good. */
    static String statusTold(List<MeetingEvent> events) {
        String status = "SCHEDULED";
        for (MeetingEvent event : events) {
            if (event.getPayload() instanceof MeetingStarted) {
                status = "STARTED";
            } else if (event.getPayload() instanceof MeetingEnded) {
                status = "ENDED";
            }
        }
        return status;
    }

    /** The start first, at most one end and last, each participant's join before their leave. */
    static void assertInOrder(String meetingId, List<MeetingEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        List<String> kinds = kinds(events);
        String where = "meeting " + meetingId + ": " + kinds;
        assertEquals("MeetingStarted", kinds.get(0), "the start first, " + where);
        assertEquals(1, kinds.stream().filter("MeetingStarted"::equals).count(), "one start, " + where);
        long ends = kinds.stream().filter("MeetingEnded"::equals).count();
        assertTrue(ends <= 1, "at most one end, " + where);
        if (ends == 1) {
            assertEquals("MeetingEnded", kinds.get(kinds.size() - 1), "the end last, " + where);
        }
        Set<String> in = new HashSet<>();
        for (MeetingEvent event : events) {
            if (event.getPayload() instanceof ParticipantJoined join) {
                assertTrue(in.add(join.getParticipantId()), "participant " + join.getParticipantId() + " joined twice, " + where);
            } else if (event.getPayload() instanceof ParticipantLeft left) {
                assertTrue(in.remove(left.getParticipantId()),
                        "participant " + left.getParticipantId() + " left before joining, " + where);
            }
        }
    }

    static void awaitStatus(MeetingFixtures fixtures, MeetingFixtures.Account host, String meetingId, String status)
            throws InterruptedException {
        Eventually.within(Duration.ofSeconds(30)).every(Duration.ofMillis(200)).until("meeting " + meetingId + " to be " + status,
                () -> fixtures.api.get("/api/meetings/" + meetingId, host.token()).body().path("status").asText(), status::equals);
    }

    static void awaitEmptyOutbox(PostgresServer postgres, String meetingId) throws InterruptedException {
        awaitEmptyOutbox(postgres, meetingId, Duration.ofSeconds(60));
    }

    static void awaitEmptyOutbox(PostgresServer postgres, String meetingId, Duration within) throws InterruptedException {
        Eventually.within(within).every(Duration.ofMillis(200)).until(
                "meeting " + meetingId + "'s rows to leave the outbox after Kafka was back (rows left)",
                () -> outboxRows(postgres, meetingId), rows -> rows == 0);
    }

    static long outboxRows(PostgresServer postgres, String meetingId) throws SQLException {
        return outboxEventIds(postgres, meetingId).size();
    }

    static Set<String> outboxEventIds(PostgresServer postgres, String meetingId) throws SQLException {
        try (Connection connection = postgres.connect();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT event_id FROM meeting_event_outbox WHERE meeting_id = ?")) {
            select.setString(1, meetingId);
            Set<String> ids = new HashSet<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    static String meetingStatus(PostgresServer postgres, String meetingId) throws SQLException {
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT status FROM meetings WHERE id = '" + meetingId.replaceAll("\\D", "") + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
