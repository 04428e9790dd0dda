package io.confab.orchestration.meetings;

import io.confab.orchestration.SharedPlatform;
import io.confab.orchestration.platform.Platform;
import io.confab.storage.events.ChatMessage;
import io.confab.storage.events.MeetingEnded;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.MeetingStarted;
import io.confab.storage.events.ParticipantJoined;
import io.confab.storage.events.ParticipantLeft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Meeting events go through a transactional outbox in PostgreSQL: with Kafka down from before
 * realtime-core starts, through a whole meeting, and realtime-core killed with SIGKILL while the
 * events still wait, every event of the meeting reaches {@code meeting.events} once Kafka is back,
 * in the order it happened. (Before the outbox, realtime-core's Kafka producer dropped them: its
 * memory was the only copy.)
 */
@ExtendWith(SharedPlatform.class)
class MeetingEventOutboxTest {

    private static final Duration START = Duration.ofSeconds(90);

    @Test
    void aMeetingHeldWhileKafkaIsDownReachesMeetingEventsInOrderAfterACrash(SharedPlatform.Running running) throws Exception {
        Platform platform = running.platform();
        MeetingFixtures fixtures = new MeetingFixtures(running);
        MeetingFixtures.Account host = fixtures.signUp("Olive");
        String meetingId = fixtures.instantMeeting(host, null, MeetingFixtures.open());

        platform.kafka().stop();
        try {
            platform.web().stop();
            platform.web().start(START);
            try (SignalingClient olive = fixtures.join(meetingId, "Olive", host.token(), null, "joined");
                 SignalingClient guest = fixtures.join(meetingId, "Gus", fixtures.ticket(meetingId, "Gus", null, null), null, "joined")) {
                guest.send(guest.message("chat").put("text", "is this thing on?"));
                olive.await("chat");
                guest.send(guest.message("leave_meeting"));
                guest.awaitClose();
            }
            awaitStatus(fixtures, host, meetingId, "ENDED");
            assertTrue(outboxRows(platform) >= 6, "the meeting's events wait in PostgreSQL while Kafka is down");

            for (long pid : platform.web().pids()) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            platform.web().stop();
        } finally {
            platform.kafka().start(START);
        }
        platform.restart(platform.web(), START);

        List<MeetingEvent> published = MeetingEventLog.events(fixtures.kafka, meetingId,
                found -> found.stream().anyMatch(e -> e.getPayload() instanceof MeetingEnded));
        Map<String, MeetingEvent> once = new LinkedHashMap<>();
        published.forEach(event -> once.putIfAbsent(event.getEventId(), event));
        List<String> kinds = new ArrayList<>();
        for (MeetingEvent event : once.values()) {
            Object payload = event.getPayload();
            if (payload instanceof MeetingStarted || payload instanceof ParticipantJoined || payload instanceof ChatMessage
                    || payload instanceof ParticipantLeft || payload instanceof MeetingEnded) {
                kinds.add(payload.getClass().getSimpleName());
            }
        }
        assertEquals(List.of("MeetingStarted", "ParticipantJoined", "ParticipantJoined", "ChatMessage", "ParticipantLeft",
                "ParticipantLeft", "MeetingEnded"), kinds, "every event of the meeting, in order: " + once.values());
        Instant previous = Instant.EPOCH;
        for (MeetingEvent event : once.values()) {
            assertTrue(!event.getOccurredAt().isBefore(previous), "events in the order they happened: " + once.values());
            previous = event.getOccurredAt();
        }
        awaitEmptyOutbox(platform);
    }

    private static void awaitStatus(MeetingFixtures fixtures, MeetingFixtures.Account host, String meetingId, String status)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String seen = null;
        while (System.nanoTime() < deadline) {
            seen = fixtures.api.get("/api/meetings/" + meetingId, host.token()).body().path("status").asText();
            if (status.equals(seen)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("meeting " + meetingId + " is " + seen + ", not " + status + ", after 30 s");
    }

    private static void awaitEmptyOutbox(Platform platform) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long rows = -1;
        while (System.nanoTime() < deadline) {
            rows = outboxRows(platform);
            if (rows == 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(rows + " rows still in the outbox 30 s after Kafka came back");
    }

    private static long outboxRows(Platform platform) throws SQLException {
        try (Connection connection = platform.postgres().connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM event_outbox")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
