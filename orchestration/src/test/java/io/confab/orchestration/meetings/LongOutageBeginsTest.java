package io.confab.orchestration.meetings;

import io.confab.orchestration.SuiteOrder;
import io.confab.testing.Eventually;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static io.confab.orchestration.meetings.MeetingEventChecks.outboxEventIds;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The first orchestration test class: Kafka goes down in the middle of a meeting for the 15 minutes
 * issue #18 names, and stays down while the rest of the suite runs; {@link LongOutageEndsTest}, the
 * last class, brings it back and checks that every event arrived once and in order
 * ({@link LongKafkaOutage}).
 */
@SuiteOrder.First
@ExtendWith(LongKafkaOutage.class)
class LongOutageBeginsTest {

    @Test
    void theMeetingGoesOnWithKafkaDownAndItsEventsWaitInPostgres(LongKafkaOutage.Scenario outage) throws Exception {
        assertTrue(outage.core().kafka().pids().stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)),
                "the broker's process is gone");
        Eventually.within(Duration.ofSeconds(60)).until("a chat message said during the outage",
                outage::said, said -> said.stream().anyMatch(text -> text.startsWith("during the outage")));
        // The outbox writer commits in groups a few ms after the room hands an event over.
        Eventually.within(Duration.ofSeconds(30)).until("the events said since Kafka stopped to wait in realtime-core's outbox table",
                () -> outboxEventIds(outage.core().postgres(), outage.meeting()).size(), rows -> rows > 0);
        Thread.sleep(5_000);
        assertFalse(outboxEventIds(outage.core().postgres(), outage.meeting()).isEmpty(),
                "with Kafka down nothing acknowledges the events, so they stay in the outbox table");
    }
}
