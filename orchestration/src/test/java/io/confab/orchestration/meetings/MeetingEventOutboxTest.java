package io.confab.orchestration.meetings;

import io.confab.orchestration.SharedPlatform;
import io.confab.orchestration.platform.Platform;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.ParticipantJoined;
import io.confab.testing.Eventually;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.confab.orchestration.meetings.MeetingEventChecks.assertInOrder;
import static io.confab.orchestration.meetings.MeetingEventChecks.awaitEmptyOutbox;
import static io.confab.orchestration.meetings.MeetingEventChecks.awaitStatus;
import static io.confab.orchestration.meetings.MeetingEventChecks.chat;
import static io.confab.orchestration.meetings.MeetingEventChecks.kinds;
import static io.confab.orchestration.meetings.MeetingEventChecks.meetingStatus;
import static io.confab.orchestration.meetings.MeetingEventChecks.once;
import static io.confab.orchestration.meetings.MeetingEventChecks.outboxEventIds;
import static io.confab.orchestration.meetings.MeetingEventChecks.outboxRows;
import static io.confab.orchestration.meetings.MeetingEventChecks.statusTold;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Meeting events go through the transactional outbox (realtime-core README, "Delivery"): Kafka down
 * when realtime-core starts, Kafka down mid-meeting for longer than the producer's delivery timeout
 * (15 s on the shared platform, {@link SharedPlatform#EVENT_DELIVERY_TIMEOUT_SECONDS}), and a
 * SIGKILL in the middle of a burst of joins lose no event, and each meeting's events reach
 * {@code meeting.events} in the order they happened. Before the outbox the producer's memory was an
 * event's only copy: the first two lost events, the third could. The 15-minute outage issue #18
 * names runs beside the suite: {@link LongOutageBeginsTest}, {@link LongOutageEndsTest}.
 */
@ExtendWith(SharedPlatform.class)
class MeetingEventOutboxTest {

    private static final Duration START = Duration.ofSeconds(120);
    /**
     * Longer than the delivery timeout (15 s), so that sends fail and the relay takes over from
     * PostgreSQL: the first chat, said right after the broker stopped, fails at 15 s with 10 s of the
     * outage left (40 s until 2026-12-06: the same check, 15 s more of the suite).
     */
    private static final Duration OUTAGE = Duration.ofSeconds(25);

    @Test
    void aMeetingHeldWhileKafkaWasDownSinceStartReachesMeetingEventsInOrder(SharedPlatform.Running running) throws Exception {
        Platform platform = running.platform();
        MeetingFixtures fixtures = new MeetingFixtures(running);
        MeetingFixtures.Account host = fixtures.signUp("Olive");
        String meetingId = fixtures.instantMeeting(host, null, MeetingFixtures.open());

        platform.kafka().stop();
        try {
            platform.restart(platform.web(), START);
            try (SignalingClient olive = fixtures.join(meetingId, "Olive", host.token(), null, "joined");
                 SignalingClient guest = fixtures.join(meetingId, "Gus", fixtures.ticket(meetingId, "Gus", null, null), null, "joined")) {
                guest.send(guest.message("chat").put("text", "is this thing on?"));
                olive.await("chat");
                guest.send(guest.message("leave_meeting"));
                guest.awaitClose();
            }
            awaitStatus(fixtures, host, meetingId, "ENDED");
            assertTrue(outboxRows(platform.postgres(), meetingId) >= 7, "the meeting's events wait in PostgreSQL while Kafka is down, found "
                    + outboxRows(platform.postgres(), meetingId));
        } finally {
            platform.kafka().start(START);
        }

        List<String> kinds = kinds(once(MeetingEventLog.untilEnded(fixtures.kafka, meetingId)));
        assertEquals(List.of("MeetingStarted", "ParticipantJoined", "ParticipantJoined", "ChatMessage", "ParticipantLeft",
                "ParticipantLeft", "MeetingEnded"), kinds, "every event of the meeting, in order");
        awaitEmptyOutbox(platform.postgres(), meetingId);
    }

    @Test
    void chatDuringAKafkaOutageLongerThanTheDeliveryTimeoutArrivesWholeAndInOrder(SharedPlatform.Running running)
            throws Exception {
        Platform platform = running.platform();
        MeetingFixtures fixtures = new MeetingFixtures(running);
        MeetingFixtures.Account host = fixtures.signUp("Hana");
        String meetingId = fixtures.instantMeeting(host, null, MeetingFixtures.open());
        List<String> said = new ArrayList<>();
        try (SignalingClient hana = fixtures.join(meetingId, "Hana", host.token(), null, "joined");
             SignalingClient guest = fixtures.join(meetingId, "Gil", fixtures.ticket(meetingId, "Gil", null, null), null, "joined")) {
            said.add(guest.say("before", hana));
            platform.kafka().stop();
            try {
                long end = System.nanoTime() + OUTAGE.toNanos();
                for (int i = 0; System.nanoTime() < end; i++) {
                    said.add(guest.say("during " + i, hana));
                    Thread.sleep(2000);
                }
            } finally {
                platform.kafka().start(START);
            }
            said.add(guest.say("after", hana));
            guest.send(guest.message("leave_meeting"));
            guest.awaitClose();
        }
        awaitStatus(fixtures, host, meetingId, "ENDED");

        List<MeetingEvent> events = once(MeetingEventLog.untilEnded(fixtures.kafka, meetingId));
        assertEquals(said, chat(events), "every chat message, in the order said, across a " + OUTAGE.toSeconds() + " s outage");
        List<String> kinds = kinds(events);
        assertEquals("MeetingStarted", kinds.get(0), "first: " + kinds);
        assertEquals("MeetingEnded", kinds.get(kinds.size() - 1), "last: " + kinds);
        awaitEmptyOutbox(platform.postgres(), meetingId);
    }

    /**
     * Kim's meeting is running; six more start during the burst (a guest's join starts an open
     * meeting), and every third guest leaves right after joining. Halfway the broker is paused, so that
     * rows wait in the outbox, and realtime-core is SIGKILLed.
     * Then, for every one of these meetings, PostgreSQL and {@code meeting.events} agree both ways:
     * every row PostgreSQL held is on Kafka, and the status the events tell (no events: SCHEDULED;
     * last a MeetingStarted: STARTED; last a MeetingEnded: ENDED) is the status PostgreSQL holds, so
     * no MeetingStarted or MeetingEnded reached Kafka whose transaction was lost. And each meeting's
     * events are in the order they happened: the start first, the end last, each guest's join
     * before their leave.
     */
    @Test
    void afterASigkillInABurstOfJoinsMeetingEventsAndPostgresAgreeInOrder(SharedPlatform.Running running) throws Exception {
        Platform platform = running.platform();
        MeetingFixtures fixtures = new MeetingFixtures(running);
        MeetingFixtures.Account host = fixtures.signUp("Kim");
        List<String> meetings = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            meetings.add(fixtures.instantMeeting(host, null, MeetingFixtures.open()));
        }
        String kimsMeeting = meetings.get(0);
        int guests = 40;
        List<String> tickets = new ArrayList<>();
        for (int i = 0; i < guests; i++) {
            tickets.add(fixtures.ticket(meetings.get(i % meetings.size()), "Guest " + i, null, null));
        }
        List<SignalingClient> clients = new ArrayList<>();
        AtomicInteger joined = new AtomicInteger();
        CountDownLatch half = new CountDownLatch(1);
        Thread burst = new Thread(() -> {
            for (int i = 0; i < guests; i++) {
                try {
                    SignalingClient client = SignalingClient.connect(fixtures.webUrl);
                    synchronized (clients) {
                        clients.add(client);
                    }
                    client.send(client.message("join_meeting").put("meetingId", meetings.get(i % meetings.size()))
                            .put("displayName", "Guest " + i).put("token", tickets.get(i)).put("id", "join-" + i));
                    if (i % 3 == 2) {
                        client.send(client.message("leave_meeting"));
                    }
                    if (joined.incrementAndGet() == guests / 2) {
                        half.countDown();
                    }
                } catch (RuntimeException e) {
                    return; // realtime-core is gone: the burst ends there
                }
            }
        }, "join-burst");
        try (SignalingClient kim = fixtures.join(kimsMeeting, "Kim", host.token(), null, "joined")) {
            awaitStatus(fixtures, host, kimsMeeting, "STARTED");
            burst.start();
            assertTrue(half.await(60, TimeUnit.SECONDS), "half the joins sent");
            // The broker paused (SIGSTOP) acknowledges nothing, so the events of the joins from here on
            // are rows in the outbox when realtime-core dies: the kill is sure to leave rows behind.
            signal("STOP", platform.kafka().pids());
            try {
                Eventually.within(Duration.ofSeconds(20)).every(Duration.ofMillis(50)).until(
                        "events committed but not acknowledged to be held in the outbox",
                        () -> rowsOf(platform, meetings), rows -> rows > 0);
                for (long pid : platform.web().pids()) {
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                }
                burst.join(30_000);
                awaitGone(platform);
            } finally {
                signal("CONT", platform.kafka().pids());
            }
        } finally {
            synchronized (clients) {
                clients.forEach(SignalingClient::close);
            }
        }
        Set<String> held = new HashSet<>();
        Map<String, String> statusAtKill = new LinkedHashMap<>();
        for (String meetingId : meetings) {
            held.addAll(outboxEventIds(platform.postgres(), meetingId));
            statusAtKill.put(meetingId, meetingStatus(platform.postgres(), meetingId));
        }
        assertEquals("STARTED", statusAtKill.get(kimsMeeting), "PostgreSQL holds Kim's meeting as started");
        assertFalse(held.isEmpty(), "the outbox held rows at the kill");
        platform.restart(platform.web(), START);
        for (String meetingId : meetings) {
            awaitEmptyOutbox(platform.postgres(), meetingId);
        }

        // Every row is acknowledged before it is deleted: what meeting.events holds now is all it will hold.
        Map<String, List<MeetingEvent>> published = MeetingEventLog.eventsUpToNow(fixtures.kafka, new HashSet<>(meetings));
        Set<String> missing = new HashSet<>(held);
        published.values().forEach(events -> events.forEach(e -> missing.remove(e.getEventId())));
        assertTrue(missing.isEmpty(), missing.size() + " of the " + held.size()
                + " events PostgreSQL held at the SIGKILL never reached meeting.events: " + missing);
        long joins = 0;
        for (String meetingId : meetings) {
            List<MeetingEvent> distinct = once(published.getOrDefault(meetingId, List.of()));
            List<String> kinds = kinds(distinct);
            assertEquals(statusAtKill.get(meetingId), statusTold(distinct), "meeting " + meetingId
                    + ": the status meeting.events tell is the one PostgreSQL holds; events " + kinds);
            assertInOrder(meetingId, distinct);
            joins += distinct.stream().filter(e -> e.getPayload() instanceof ParticipantJoined).count();
        }
        assertTrue(joins >= 1, "Kim's join at least");
        System.out.println("outbox SIGKILL test: " + held.size() + " rows held at the kill, " + joins + " joins on Kafka of "
                + joined.get() + " sent, statuses " + statusAtKill.values());
    }


    private static long rowsOf(Platform platform, List<String> meetings) throws java.sql.SQLException {
        long rows = 0;
        for (String meetingId : meetings) {
            rows += outboxRows(platform.postgres(), meetingId);
        }
        return rows;
    }

    /** Sends {@code kill -SIG} to each process. */
    private static void signal(String signal, List<Long> pids) throws Exception {
        for (long pid : pids) {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
            assertEquals(0, kill.waitFor(), "kill -" + signal + " " + pid);
        }
    }

    private static void awaitGone(Platform platform) throws InterruptedException {
        for (long pid : platform.web().pids()) {
            Eventually.within(Duration.ofSeconds(30)).until("realtime-core (pid " + pid + ") to be gone after SIGKILL",
                    () -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), alive -> !alive);
        }
    }
}
