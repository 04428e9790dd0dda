package io.confab.orchestration.meetings;

import io.confab.orchestration.SuiteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static io.confab.orchestration.meetings.MeetingEventChecks.assertInOrder;
import static io.confab.orchestration.meetings.MeetingEventChecks.awaitEmptyOutbox;
import static io.confab.orchestration.meetings.MeetingEventChecks.chat;
import static io.confab.orchestration.meetings.MeetingEventChecks.kinds;
import static io.confab.orchestration.meetings.MeetingEventChecks.meetingStatus;
import static io.confab.orchestration.meetings.MeetingEventChecks.statusTold;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The last orchestration test class: after the rest of the suite, and after 15 minutes in all
 * without Kafka ({@link LongOutageBeginsTest} stopped it), the broker starts again, and every event
 * of the meeting held through the outage and of the meeting held entirely inside it reaches
 * {@code meeting.events}, once per event id and in the order it happened. Run alone it begins the
 * outage itself and waits the whole of it.
 */
@SuiteOrder.Last
@ExtendWith(LongKafkaOutage.class)
class LongOutageEndsTest {

    @Test
    void afterFifteenMinutesWithoutKafkaEveryEventArrivesInOrder(LongKafkaOutage.Scenario outage) throws Exception {
        LongKafkaOutage.Outcome outcome = outage.end();
        assertTrue(outcome.kafkaDown().compareTo(LongKafkaOutage.LENGTH) >= 0, "Kafka was down for " + outcome.kafkaDown());

        String held = outcome.heldMeeting();
        assertEquals(outcome.saidInHeldMeeting(), chat(outcome.heldMeetingEvents()),
                "every chat message of the meeting held through the outage, in the order said");
        assertTrue(outcome.saidInHeldMeeting().size() >= 3, "said: " + outcome.saidInHeldMeeting());
        assertInOrder(held, outcome.heldMeetingEvents());
        List<String> heldKinds = kinds(outcome.heldMeetingEvents());
        assertEquals(3, heldKinds.stream().filter("ParticipantJoined"::equals).count(), "Omar, Gail and Lee joined: " + heldKinds);
        assertEquals("ENDED", statusTold(outcome.heldMeetingEvents()), "the held meeting's end is on the topic: " + heldKinds);

        String inside = outcome.meetingDuringOutage();
        assertEquals(List.of("MeetingStarted", "ParticipantJoined", "ParticipantJoined", "ChatMessage", "ParticipantLeft",
                        "ParticipantLeft", "MeetingEnded"), kinds(outcome.meetingDuringOutageEvents()),
                "every event of the meeting held while Kafka was down, in order");
        assertEquals(outcome.saidInMeetingDuringOutage(), chat(outcome.meetingDuringOutageEvents()));

        for (String meetingId : List.of(held, inside)) {
            assertEquals("ENDED", meetingStatus(outage.core().postgres(), meetingId), "PostgreSQL agrees: " + meetingId);
            awaitEmptyOutbox(outage.core().postgres(), meetingId, Duration.ofSeconds(120));
        }
        System.out.println("long outage: Kafka down " + outcome.kafkaDown().toSeconds() + " s, " + outcome.heldMeetingEvents().size()
                + " events of the held meeting and " + outcome.meetingDuringOutageEvents().size() + " of the one inside it arrived in order");
    }
}
