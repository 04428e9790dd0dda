package io.confab.core.events;

import io.confab.storage.events.MeetingCreated;
import io.confab.storage.events.MeetingEvent;
import io.confab.testing.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.confab.core.events.SampleEvents.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A REST change (a meeting created, edited, deleted) and its event commit in one transaction of the
 * outbox's writer, and the request answers after the commit; a change that fails fails only its own
 * request and event, never the group or the outbox (events README, "Delivery"). Kafka is
 * {@link OutboxFixture}'s {@code MockProducer}, PostgreSQL its fake that holds each commit until the test lets it through.
 */
class RequestChangeTest {

    private final OutboxFixture fixture = new OutboxFixture();
    private final FakeOutboxDatabase database = fixture.database;
    private final EventOutbox outbox = fixture.outbox;
    private final ExecutorService requests = Executors.newCachedThreadPool();

    @AfterEach
    void close() {
        fixture.close();
        requests.shutdownNow();
    }

    @Test
    void theRowAndItsEventCommitTogetherAndTheRequestAnswersOnlyAfterTheCommit() throws Exception {
        fixture.startDirect();
        MeetingEvent created = created("85123456789");
        CompletableFuture<Void> request = request(created, FakeOutboxDatabase.writes("INSERT meeting 85123456789"));

        Eventually.within(Duration.ofSeconds(10)).until("the change's transaction to wait for its commit",
                database::commitsWaiting, waiting -> waiting == 1);
        assertFalse(request.isDone(), "the request waits for the commit");
        assertEquals(List.of(), fixture.sent(), "the event waits for the commit too");

        database.allowAllCommits();
        request.get(10, TimeUnit.SECONDS);
        assertEquals(List.of("INSERT meeting 85123456789"), database.committedWrites());
        assertEquals(List.of(UUID.fromString(created.getEventId())), database.committedEvents(), "in the same transaction");
        assertEquals(List.of(created.getEventId()), fixture.sent());
    }

    @Test
    void aChangeThatFailsFailsOnlyItsOwnRequestAndEvent() throws Exception {
        fixture.startDirect();
        MeetingEvent filler = chat("85000000001", "holds the writer in a commit");
        outbox.meetingEvent(filler);
        Eventually.within(Duration.ofSeconds(10)).until("the writer to wait in a commit",
                database::commitsWaiting, waiting -> waiting == 1);

        MeetingEvent taken = created("85123456789");
        MeetingEvent fine = created("85987654321");
        CompletableFuture<Void> failing = request(taken, FakeOutboxDatabase.failsAfterWriting("INSERT meeting 85123456789"));
        CompletableFuture<Void> succeeding = request(fine, FakeOutboxDatabase.writes("INSERT meeting 85987654321"));
        Eventually.within(Duration.ofSeconds(10)).until("both requests handed over", outbox::waiting, waiting -> waiting == 2);
        MeetingEvent chatAfter = chat("85123456789", "behind the failed change");
        outbox.meetingEvent(chatAfter);

        database.allowAllCommits();
        ExecutionException failure = assertThrows(ExecutionException.class, () -> failing.get(10, TimeUnit.SECONDS));
        SQLException cause = assertInstanceOf(SQLException.class, failure.getCause(), "the request gets its change's error");
        assertEquals("23505", cause.getSQLState());
        succeeding.get(10, TimeUnit.SECONDS);
        assertTrue(outbox.flush(Duration.ofSeconds(10)));

        assertEquals(List.of("INSERT meeting 85987654321"), database.committedWrites(), "the failed change is rolled back alone");
        List<UUID> rows = database.committedEvents();
        assertFalse(rows.contains(UUID.fromString(taken.getEventId())), "no row for the failed change's event");
        assertTrue(rows.containsAll(List.of(UUID.fromString(fine.getEventId()), UUID.fromString(chatAfter.getEventId()))),
                "the rest of the group committed: " + rows);
        Eventually.within(Duration.ofSeconds(10)).until("the group's other events on Kafka", fixture::sent,
                sent -> sent.containsAll(List.of(filler.getEventId(), fine.getEventId(), chatAfter.getEventId())));
        assertFalse(fixture.sent().contains(taken.getEventId()), "the failed change's event never reaches Kafka");
        assertEquals(0, outbox.writeFailures(), "the group was not failed");

        MeetingEvent later = created("85111111111");
        request(later, FakeOutboxDatabase.writes("INSERT meeting 85111111111")).get(10, TimeUnit.SECONDS);
        assertTrue(fixture.sent().contains(later.getEventId()), "the outbox goes on");
    }

    private CompletableFuture<Void> request(MeetingEvent event, StateChange change) {
        return CompletableFuture.runAsync(() -> {
            try {
                outbox.storeWithEvent(event, change);
            } catch (SQLException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, requests);
    }

    private static MeetingEvent created(String meetingId) {
        return SampleEvents.event(meetingId, MeetingCreated.newBuilder()
                .setTopic("Standup")
                .setHostUserId("5f0c1a52-7f3e-4d61-9a3b-0f6f3c2b1a02")
                .setMeetingType(io.confab.storage.events.MeetingType.INSTANT)
                .setScheduledStart(null)
                .setDurationMinutes(30)
                .setTimeZone("UTC")
                .setSettings(io.confab.storage.events.MeetingSettings.newBuilder()
                        .setWaitingRoom(true).setJoinBeforeHost(false).setMuteOnEntry(false)
                        .setAllowRecording(true).setE2eeEnabled(false).setTranscription(false).build())
                .build());
    }
}
