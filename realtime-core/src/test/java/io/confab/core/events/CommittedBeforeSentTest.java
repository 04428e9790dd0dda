package io.confab.core.events;

import io.confab.storage.codec.Codecs;
import io.confab.storage.events.ChatMessage;
import io.confab.storage.events.MeetingEndReason;
import io.confab.storage.events.MeetingEnded;
import io.confab.storage.events.MeetingEvent;
import io.confab.testing.Eventually;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An event that changes a row reaches Kafka only after its transaction commits, and its meeting's
 * later events wait behind it; other meetings keep the fast path (events README, "Order"). Kafka is
 * {@link MockProducer}, PostgreSQL a fake that holds each commit until the test lets it through.
 */
class CommittedBeforeSentTest {

    private static final String MEETING = "85123456789";
    private static final String OTHER_MEETING = "85987654321";

    private final FakeOutboxDatabase database = new FakeOutboxDatabase();
    private final MockProducer<String, byte[]> kafka = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final EventOutbox outbox = new EventOutbox(database.dataSource(), () -> kafka, 100);

    @AfterEach
    void close() {
        database.allowAllCommits();
        outbox.close();
    }

    @Test
    void aMeetingEndedReachesKafkaOnlyAfterItsStatusCommitsAndTheChatAfterItWaitsBehindIt() throws Exception {
        startDirect();
        MeetingEvent ended = ended(MEETING);
        MeetingEvent chatAfter = chat(MEETING, "after the end");
        MeetingEvent otherChat = chat(OTHER_MEETING, "elsewhere");

        outbox.meetingEvent(ended, FakeOutboxDatabase.writes("meeting " + MEETING + " ENDED"));
        outbox.meetingEvent(chatAfter);
        outbox.meetingEvent(otherChat);

        assertEquals(List.of(otherChat.getEventId()), sent(), "before the commit only the other meeting's chat is on Kafka");
        database.allowAllCommits();
        assertTrue(outbox.flush(Duration.ofSeconds(10)), "the events commit");
        assertEquals(List.of("meeting " + MEETING + " ENDED"), database.committedWrites());
        assertEquals(List.of(otherChat.getEventId(), ended.getEventId(), chatAfter.getEventId()), sent(),
                "after the commit the end, then the chat that came after it");
    }

    @Test
    void aMeetingWithNothingPendingKeepsTheFastPathAgainOnceItsChangeCommitted() throws Exception {
        startDirect();
        MeetingEvent ended = ended(MEETING);
        outbox.meetingEvent(ended, FakeOutboxDatabase.writes("meeting " + MEETING + " ENDED"));
        database.allowCommits(1);
        Eventually.within(Duration.ofSeconds(10)).until("the end to reach Kafka after its commit", this::sent,
                sent -> sent.equals(List.of(ended.getEventId())));

        MeetingEvent chat = chat(MEETING, "nothing pending now");
        outbox.meetingEvent(chat);
        assertEquals(List.of(ended.getEventId(), chat.getEventId()), sent(),
                "a room event of a meeting with nothing pending goes at once, before its own commit");
        assertEquals(List.of(UUID.fromString(ended.getEventId())), database.committedEvents(), "the chat's row is not committed yet");
    }

    @Test
    void aRoomEventBetweenTwoChangesGoesWithTheFirstAndTheSecondChangeWaitsForItsOwnCommit() throws Exception {
        startDirect();
        MeetingEvent first = ended(MEETING);
        MeetingEvent chat = chat(MEETING, "between");
        MeetingEvent second = ended(MEETING);
        outbox.meetingEvent(first, FakeOutboxDatabase.writes("first"));
        Eventually.within(Duration.ofSeconds(10)).until("the first change's transaction to wait for its commit",
                database::commitsWaiting, waiting -> waiting == 1);
        outbox.meetingEvent(chat);
        outbox.meetingEvent(second, FakeOutboxDatabase.writes("second"));
        assertEquals(List.of(), sent(), "nothing of the meeting goes before its first change commits");

        database.allowCommits(1);
        Eventually.within(Duration.ofSeconds(10)).until("the first change, then the chat, on Kafka", this::sent,
                sent -> sent.equals(List.of(first.getEventId(), chat.getEventId())));
        assertEquals(List.of("first"), database.committedWrites(), "the second change has not committed");
        assertEquals(List.of(first.getEventId(), chat.getEventId()), sent(), "the second change waits for its own commit");

        database.allowAllCommits();
        assertTrue(outbox.flush(Duration.ofSeconds(10)));
        assertEquals(List.of(first.getEventId(), chat.getEventId(), second.getEventId()), sent());
    }

    /** Starts the outbox and waits for its relay to find the (empty) table and go direct. */
    private void startDirect() throws InterruptedException {
        outbox.start();
        Eventually.within(Duration.ofSeconds(10)).until("the relay to go direct", outbox::direct, direct -> direct);
    }

    private List<String> sent() {
        return kafka.history().stream().map(ProducerRecord::value)
                .map(bytes -> ((io.confab.storage.codec.Decoded.Ok<MeetingEvent>) Codecs.MEETING_EVENTS.decode(bytes)).value().getEventId())
                .toList();
    }

    private static MeetingEvent ended(String meetingId) {
        return event(meetingId, new MeetingEnded(MeetingEndReason.ENDED_BY_HOST));
    }

    private static MeetingEvent chat(String meetingId, String text) {
        return event(meetingId, new ChatMessage(UUID.randomUUID().toString(), "p-1", "Ann", null, text));
    }

    private static MeetingEvent event(String meetingId, Object payload) {
        return MeetingEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setAccountId("5f0c1a52-7f3e-4d61-9a3b-0f6f3c2b1a01")
                .setMeetingId(meetingId)
                .setOccurredAt(Instant.parse("2026-12-05T09:30:00Z"))
                .setPayload(payload)
                .build();
    }
}
