package io.confab.core.events;

import io.confab.storage.events.MeetingEvent;
import io.confab.testing.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.confab.core.events.SampleEvents.chat;
import static io.confab.core.events.SampleEvents.ended;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An event that changes a row reaches Kafka only after its transaction commits, and its meeting's
 * later events wait behind it; other meetings keep the fast path (events README, "Order"). Kafka is
 * {@link OutboxFixture}'s {@code MockProducer}, PostgreSQL its fake that holds each commit until the test lets it through.
 */
class CommittedBeforeSentTest {

    private static final String MEETING = "85123456789";
    private static final String OTHER_MEETING = "85987654321";

    private final OutboxFixture fixture = new OutboxFixture();
    private final FakeOutboxDatabase database = fixture.database;
    private final EventOutbox outbox = fixture.outbox;

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aMeetingEndedReachesKafkaOnlyAfterItsStatusCommitsAndTheChatAfterItWaitsBehindIt() throws Exception {
        fixture.startDirect();
        MeetingEvent ended = ended(MEETING);
        MeetingEvent chatAfter = chat(MEETING, "after the end");
        MeetingEvent otherChat = chat(OTHER_MEETING, "elsewhere");

        outbox.meetingEvent(ended, FakeOutboxDatabase.writes("meeting " + MEETING + " ENDED"));
        outbox.meetingEvent(chatAfter);
        outbox.meetingEvent(otherChat);

        assertEquals(List.of(otherChat.getEventId()), fixture.sent(), "before the commit only the other meeting's chat is on Kafka");
        database.allowAllCommits();
        assertTrue(outbox.flush(Duration.ofSeconds(10)), "the events commit");
        assertEquals(List.of("meeting " + MEETING + " ENDED"), database.committedWrites());
        assertEquals(List.of(otherChat.getEventId(), ended.getEventId(), chatAfter.getEventId()), fixture.sent(),
                "after the commit the end, then the chat that came after it");
    }

    @Test
    void aMeetingWithNothingPendingKeepsTheFastPathAgainOnceItsChangeCommitted() throws Exception {
        fixture.startDirect();
        MeetingEvent ended = ended(MEETING);
        outbox.meetingEvent(ended, FakeOutboxDatabase.writes("meeting " + MEETING + " ENDED"));
        database.allowCommits(1);
        Eventually.within(Duration.ofSeconds(10)).until("the end to reach Kafka after its commit", fixture::sent,
                sent -> sent.equals(List.of(ended.getEventId())));

        MeetingEvent chat = chat(MEETING, "nothing pending now");
        outbox.meetingEvent(chat);
        assertEquals(List.of(ended.getEventId(), chat.getEventId()), fixture.sent(),
                "a room event of a meeting with nothing pending goes at once, before its own commit");
        assertEquals(List.of(UUID.fromString(ended.getEventId())), database.committedEvents(), "the chat's row is not committed yet");
    }

    @Test
    void aRoomEventBetweenTwoChangesGoesWithTheFirstAndTheSecondChangeWaitsForItsOwnCommit() throws Exception {
        fixture.startDirect();
        MeetingEvent first = ended(MEETING);
        MeetingEvent chat = chat(MEETING, "between");
        MeetingEvent second = ended(MEETING);
        outbox.meetingEvent(first, FakeOutboxDatabase.writes("first"));
        Eventually.within(Duration.ofSeconds(10)).until("the first change's transaction to wait for its commit",
                database::commitsWaiting, waiting -> waiting == 1);
        outbox.meetingEvent(chat);
        outbox.meetingEvent(second, FakeOutboxDatabase.writes("second"));
        assertEquals(List.of(), fixture.sent(), "nothing of the meeting goes before its first change commits");

        database.allowCommits(1);
        Eventually.within(Duration.ofSeconds(10)).until("the first change, then the chat, on Kafka", fixture::sent,
                sent -> sent.equals(List.of(first.getEventId(), chat.getEventId())));
        assertEquals(List.of("first"), database.committedWrites(), "the second change has not committed");
        assertEquals(List.of(first.getEventId(), chat.getEventId()), fixture.sent(), "the second change waits for its own commit");

        database.allowAllCommits();
        assertTrue(outbox.flush(Duration.ofSeconds(10)));
        assertEquals(List.of(first.getEventId(), chat.getEventId(), second.getEventId()), fixture.sent());
    }
}
