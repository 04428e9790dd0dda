package io.confab.batch.billing.usage;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MeetingTimelineTest {

    private static final Instant T0 = Instant.parse("2026-11-10T10:00:00Z");
    private static final Instant LATER = Instant.parse("2026-12-01T00:00:00Z");

    private static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    private static MeetingFact event(String id, int minute, MeetingFact.Kind kind, String participant) {
        return new MeetingFact(id, "acct", "m1", at(minute), kind, participant, participant == null ? null : "user-" + participant);
    }

    @Test
    void aReconnectIsTwoPresencesAndTheGapIsNotBilled() {
        MeetingTimeline.Result result = MeetingTimeline.of(List.of(
                event("s", 0, MeetingFact.Kind.STARTED, null),
                event("j1", 0, MeetingFact.Kind.JOINED, "p1"),
                event("l1", 20, MeetingFact.Kind.LEFT, "p1"),
                event("j2", 21, MeetingFact.Kind.JOINED, "p1b"),
                event("l2", 50, MeetingFact.Kind.LEFT, "p1b"),
                event("e", 50, MeetingFact.Kind.ENDED, null)), UsageRules.DEFAULTS, LATER);
        assertEquals(2, result.presences().size());
        long billed = result.presences().stream().mapToLong(p -> Duration.between(p.joinedAt(), p.closedAt()).toMinutes()).sum();
        assertEquals(49, billed, "20 + 29 minutes; the minute between is not billed");
        assertEquals(List.of(new MeetingRun("acct", "m1", at(0), at(50))), result.runs());
        assertEquals(List.of(), result.rejections());
    }

    @Test
    void aMissingLeaveClosesAtTheMeetingsEnd() {
        MeetingTimeline.Result result = MeetingTimeline.of(List.of(
                event("s", 0, MeetingFact.Kind.STARTED, null),
                event("j1", 5, MeetingFact.Kind.JOINED, "p1"),
                event("e", 45, MeetingFact.Kind.ENDED, null)), UsageRules.DEFAULTS, LATER);
        assertEquals(List.of(new Presence("acct", "m1", "p1", "user-p1", at(5), at(45))), result.presences());
    }

    @Test
    void withNeitherLeaveNorEndAPresenceClosesAtTheTimeoutOnceEventTimeIsPastIt() {
        List<MeetingFact> events = List.of(event("j1", 0, MeetingFact.Kind.JOINED, "p1"));
        MeetingTimeline.Result early = MeetingTimeline.of(events, UsageRules.DEFAULTS, at(60));
        assertEquals(List.of(), early.presences());
        assertEquals(1, early.stillOpen());
        MeetingTimeline.Result late = MeetingTimeline.of(events, UsageRules.DEFAULTS, at(24 * 60));
        assertEquals(List.of(new Presence("acct", "m1", "p1", "user-p1", at(0), at(24 * 60))), late.presences());
    }

    @Test
    void aRunWithoutAnEndLastsToItsLastPresencesClose() {
        MeetingTimeline.Result result = MeetingTimeline.of(List.of(
                event("s", 0, MeetingFact.Kind.STARTED, null),
                event("j1", 1, MeetingFact.Kind.JOINED, "p1"),
                event("j2", 2, MeetingFact.Kind.JOINED, "p2"),
                event("l1", 30, MeetingFact.Kind.LEFT, "p1"),
                event("l2", 40, MeetingFact.Kind.LEFT, "p2")), UsageRules.DEFAULTS, LATER);
        assertEquals(List.of(new MeetingRun("acct", "m1", at(0), at(40))), result.runs());
    }

    @Test
    void aLeaveBeforeItsJoinOrWithoutOneIsRejectedWithTheReason() {
        MeetingTimeline.Result result = MeetingTimeline.of(List.of(
                event("l1", 0, MeetingFact.Kind.LEFT, "p1"),
                event("j1", 5, MeetingFact.Kind.JOINED, "p1"),
                event("e", 10, MeetingFact.Kind.ENDED, null),
                event("l9", 7, MeetingFact.Kind.LEFT, "p9")), UsageRules.DEFAULTS, LATER);
        assertEquals(2, result.rejections().size());
        assertTrue(result.rejections().stream().anyMatch(r -> r.reason().contains("l1") && r.reason().contains("before its ParticipantJoined")),
                result.rejections().toString());
        assertTrue(result.rejections().stream().anyMatch(r -> r.reason().contains("p9") && r.reason().contains("never came")),
                result.rejections().toString());
        // The join still counts, closed by the meeting's end.
        assertEquals(List.of(new Presence("acct", "m1", "p1", "user-p1", at(5), at(10))), result.presences());
    }

    @Test
    void eventsOutOfOrderInTheInputGiveTheSamePresences() {
        List<MeetingFact> ordered = List.of(event("j1", 0, MeetingFact.Kind.JOINED, "p1"), event("l1", 30, MeetingFact.Kind.LEFT, "p1"));
        List<MeetingFact> reversed = List.of(ordered.get(1), ordered.get(0));
        assertEquals(MeetingTimeline.of(ordered, UsageRules.DEFAULTS, LATER).presences(),
                MeetingTimeline.of(reversed, UsageRules.DEFAULTS, LATER).presences());
    }
}
