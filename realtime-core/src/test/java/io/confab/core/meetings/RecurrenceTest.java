package io.confab.core.meetings;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.confab.core.meetings.Recurrence.Count;
import io.confab.core.meetings.Recurrence.Until;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecurrenceTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void weeklyMeetingKeepsLocalTimeAcrossSpringForward() {
        // New York moves from EST (-05:00) to EDT (-04:00) on Sunday 2025-03-09.
        Recurrence weekly = Recurrence.weekly(1, Set.of(MONDAY), new Count(3));

        List<Occurrence> series = weekly.occurrences(at("2025-03-03T09:00"), NEW_YORK, HOUR, 10);

        assertEquals(starts("2025-03-03T14:00:00Z", "2025-03-10T13:00:00Z", "2025-03-17T13:00:00Z"), startsOf(series));
        series.forEach(o -> assertEquals(LocalTime.of(9, 0), o.start().atZone(NEW_YORK).toLocalTime()));
    }

    @Test
    void weeklyMeetingKeepsLocalTimeAcrossFallBack() {
        // New York moves from EDT back to EST on Sunday 2025-11-02.
        Recurrence weekly = Recurrence.weekly(1, Set.of(MONDAY), new Until(LocalDate.parse("2025-11-03")));

        List<Occurrence> series = weekly.occurrences(at("2025-10-27T09:00"), NEW_YORK, HOUR, 10);

        assertEquals(starts("2025-10-27T13:00:00Z", "2025-11-03T14:00:00Z"), startsOf(series));
    }

    @Test
    void dailyMeetingInBerlinKeepsLocalTimeAcrossSpringForward() {
        // Berlin moves from CET (+01:00) to CEST (+02:00) on 2025-03-30.
        List<Occurrence> series = Recurrence.daily(1, new Count(3)).occurrences(at("2025-03-29T09:00"), BERLIN, HOUR, 10);

        assertEquals(starts("2025-03-29T08:00:00Z", "2025-03-30T07:00:00Z", "2025-03-31T07:00:00Z"), startsOf(series));
    }

    @Test
    void dailyMeetingInBerlinKeepsLocalTimeAcrossFallBack() {
        // Berlin moves from CEST back to CET on 2025-10-26.
        List<Occurrence> series = Recurrence.daily(1, new Count(3)).occurrences(at("2025-10-25T09:00"), BERLIN, HOUR, 10);

        assertEquals(starts("2025-10-25T07:00:00Z", "2025-10-26T08:00:00Z", "2025-10-27T08:00:00Z"), startsOf(series));
    }

    @Test
    void startInTheSpringForwardGapMovesForwardByTheGapOnThatDayOnly() {
        // 02:30 does not exist in New York on 2025-03-09: read with the offset before the gap
        // (EST), it is 07:30Z, which the clocks show as 03:30 EDT. The next day is 02:30 again.
        List<Occurrence> series = Recurrence.daily(1, new Count(3)).occurrences(at("2025-03-08T02:30"), NEW_YORK, HOUR, 10);

        assertEquals(starts("2025-03-08T07:30:00Z", "2025-03-09T07:30:00Z", "2025-03-10T06:30:00Z"), startsOf(series));
        assertEquals(LocalTime.of(3, 30), series.get(1).start().atZone(NEW_YORK).toLocalTime());
        assertEquals(LocalTime.of(2, 30), series.get(2).start().atZone(NEW_YORK).toLocalTime());
    }

    @Test
    void ambiguousStartInTheFallBackOverlapTakesTheEarlierOffset() {
        // 01:30 happens twice in New York on 2025-11-02; the first one is EDT, 05:30Z.
        List<Occurrence> series = Recurrence.daily(1, new Count(3)).occurrences(at("2025-11-01T01:30"), NEW_YORK, HOUR, 10);

        assertEquals(starts("2025-11-01T05:30:00Z", "2025-11-02T05:30:00Z", "2025-11-03T06:30:00Z"), startsOf(series));
    }

    @Test
    void durationIsElapsedTimeEvenWhenTheClocksChangeDuringTheMeeting() {
        Occurrence night = Recurrence.daily(1, new Count(1))
                .occurrences(at("2025-11-02T01:30"), NEW_YORK, HOUR, 1).get(0);

        assertEquals(HOUR, Duration.between(night.start(), night.end()));
        // ... which the clock on the wall shows as 01:30 EDT to 01:30 EST.
        assertEquals(LocalTime.of(1, 30), night.end().atZone(NEW_YORK).toLocalTime());
    }

    @Test
    void weeklyOnSeveralDaysEverySecondWeekSkipsDaysBeforeTheFirstStart() {
        // Starts on Wednesday 2025-01-08; the Monday of that week has passed. The week of
        // 2025-01-13 is skipped by the interval.
        Recurrence series = Recurrence.weekly(2, Set.of(FRIDAY, MONDAY, WEDNESDAY), new Count(5));

        List<Occurrence> occurrences = series.occurrences(at("2025-01-08T10:00"), UTC, HOUR, 10);

        assertEquals(dates("2025-01-08", "2025-01-10", "2025-01-20", "2025-01-22", "2025-01-24"), datesOf(occurrences, UTC));
        assertEquals(List.of(0, 1, 2, 3, 4), occurrences.stream().map(Occurrence::index).toList());
    }

    @Test
    void monthlyOnThe31stFallsOnTheLastDayOfShorterMonths() {
        List<Occurrence> series = Recurrence.monthly(1, 31, new Count(6)).occurrences(at("2025-01-31T15:00"), BERLIN, HOUR, 10);

        assertEquals(dates("2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30", "2025-05-31", "2025-06-30"),
                datesOf(series, BERLIN));
    }

    @Test
    void monthlyOnThe31stUsesFebruary29thInALeapYear() {
        List<Occurrence> series = Recurrence.monthly(1, 31, new Count(2)).occurrences(at("2024-01-31T15:00"), UTC, HOUR, 10);

        assertEquals(dates("2024-01-31", "2024-02-29"), datesOf(series, UTC));
    }

    @Test
    void monthlyEveryThirdMonthOnAnotherDayStartsAtTheFirstMatchingDate() {
        // Asked to start on the 20th, meets on the 10th: January's 10th has passed.
        List<Occurrence> series = Recurrence.monthly(3, 10, new Count(3)).occurrences(at("2025-01-20T09:00"), UTC, HOUR, 10);

        assertEquals(dates("2025-04-10", "2025-07-10", "2025-10-10"), datesOf(series, UTC));
    }

    @Test
    void countLimitsTheSeries() {
        assertEquals(4, Recurrence.daily(2, new Count(4)).occurrences(at("2025-06-01T09:00"), UTC, HOUR, 100).size());
    }

    @Test
    void endDateIsInclusive() {
        List<Occurrence> series = Recurrence.daily(1, new Until(LocalDate.parse("2025-06-05")))
                .occurrences(at("2025-06-01T23:30"), NEW_YORK, HOUR, 100);

        assertEquals(dates("2025-06-01", "2025-06-02", "2025-06-03", "2025-06-04", "2025-06-05"), datesOf(series, NEW_YORK));
    }

    @Test
    void endDateBeforeTheFirstStartGivesNoOccurrence() {
        assertEquals(List.of(), Recurrence.daily(1, new Until(LocalDate.parse("2025-05-31")))
                .occurrences(at("2025-06-01T09:00"), UTC, HOUR, 100));
    }

    @Test
    void limitStopsExpansionEarly() {
        assertEquals(2, Recurrence.daily(1, new Count(500)).occurrences(at("2025-06-01T09:00"), UTC, HOUR, 2).size());
    }

    @Test
    void aSeriesNeverExpandsBeyondFiveHundredOccurrences() {
        List<Occurrence> series = Recurrence.daily(1, new Until(LocalDate.parse("2030-01-01")))
                .occurrences(at("2025-01-01T09:00"), UTC, HOUR, 10_000);

        assertEquals(Recurrence.MAX_OCCURRENCES, series.size());
    }

    @Test
    void betweenReturnsOccurrencesOverlappingTheWindowWithTheirSeriesIndex() {
        Recurrence weekly = Recurrence.weekly(1, Set.of(MONDAY), new Count(10));
        LocalDateTime first = at("2025-03-03T09:00");

        // The window opens in the middle of the 2025-03-17 meeting (13:00Z-14:00Z).
        List<Occurrence> found = weekly.between(first, NEW_YORK, HOUR,
                Instant.parse("2025-03-17T13:30:00Z"), Instant.parse("2025-03-25T00:00:00Z"));

        assertEquals(starts("2025-03-17T13:00:00Z", "2025-03-24T13:00:00Z"), startsOf(found));
        assertEquals(List.of(2, 3), found.stream().map(Occurrence::index).toList());
    }

    @Test
    void refusesInvalidRules() {
        assertThrows(IllegalArgumentException.class, () -> Recurrence.daily(0, new Count(1)));
        assertThrows(IllegalArgumentException.class, () -> Recurrence.daily(100, new Count(1)));
        assertThrows(IllegalArgumentException.class, () -> new Count(0));
        assertThrows(IllegalArgumentException.class, () -> new Count(501));
        assertThrows(IllegalArgumentException.class, () -> Recurrence.weekly(1, Set.of(), new Count(1)));
        assertThrows(IllegalArgumentException.class, () -> Recurrence.monthly(1, 32, new Count(1)));
    }

    private static LocalDateTime at(String local) {
        return LocalDateTime.parse(local);
    }

    private static List<Instant> starts(String... instants) {
        return List.of(instants).stream().map(Instant::parse).toList();
    }

    private static List<Instant> startsOf(List<Occurrence> occurrences) {
        return occurrences.stream().map(Occurrence::start).toList();
    }

    private static List<LocalDate> dates(String... dates) {
        return List.of(dates).stream().map(LocalDate::parse).toList();
    }

    private static List<LocalDate> datesOf(List<Occurrence> occurrences, ZoneId zone) {
        return occurrences.stream().map(o -> o.start().atZone(zone).toLocalDate()).toList();
    }
}
