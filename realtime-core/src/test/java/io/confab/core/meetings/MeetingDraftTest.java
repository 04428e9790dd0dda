package io.confab.core.meetings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.core.accounts.FieldError;
import io.confab.core.accounts.PasswordHash;
import io.confab.core.accounts.Validated;
import java.security.SecureRandom;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MeetingDraftTest {

    private static final PasswordHash CHEAP = new PasswordHash(new PasswordHash.Cost(64, 1, 1), new SecureRandom());
    private static final Instant NOW = Instant.parse("2025-02-01T12:00:00Z");

    @Test
    void acceptsAScheduledMeetingWithDefaults() {
        MeetingPlan plan = valid(new MeetingDraft("Design review", "scheduled", "2025-03-10T09:00:00", null,
                "America/New_York", null, null, null));

        assertEquals("Design review", plan.topic());
        assertEquals(MeetingType.SCHEDULED, plan.type());
        assertEquals(LocalDateTime.parse("2025-03-10T09:00"), plan.localStart());
        assertEquals(MeetingDraft.DEFAULT_DURATION_MINUTES, plan.durationMinutes());
        assertEquals(ZoneId.of("America/New_York"), plan.timeZone());
        assertEquals(MeetingSettings.DEFAULTS, plan.settings());
        assertInstanceOf(PasscodeChange.Keep.class, plan.passcode());
    }

    @Test
    void readsAStartWithAnOffsetOnTheMeetingsWallClock() {
        MeetingPlan plan = valid(scheduled("2025-03-10T13:00:00Z", "America/New_York"));

        assertEquals(LocalDateTime.parse("2025-03-10T09:00"), plan.localStart());
    }

    @Test
    void anInstantMeetingNeedsNoStartAndDefaultsToUtc() {
        MeetingPlan plan = valid(new MeetingDraft("Quick sync", "INSTANT", null, null, null, null, null, null));

        assertNull(plan.localStart());
        assertEquals(ZoneOffset.UTC, plan.timeZone());
    }

    @Test
    void reportsEveryProblemAtOnceEachNamingItsField() {
        List<FieldError> errors = new MeetingDraft("  ", "SCHEDULED", null, 0, "Mars/Olympus_Mons",
                null, "ab!", new SettingsDraft(null, null, null, true, true, null)).validateNew().errors();

        assertEquals(List.of("topic", "time_zone", "start_time", "duration_minutes", "passcode", "settings.allow_recording"),
                fields(errors), errors.toString());
    }

    @Test
    void requiresTopicAndTypeOnCreate() {
        assertEquals(List.of("topic", "type"), fields(new MeetingDraft(null, null, null, null, null, null, null, null)
                .validateNew().errors()));
    }

    @Test
    void refusesAnUnknownTypeAndOverlongTopic() {
        List<FieldError> errors = new MeetingDraft("x".repeat(201), "WEEKLY", null, null, null, null, null, null)
                .validateNew().errors();

        assertEquals(List.of("topic", "type"), fields(errors));
        assertEquals("must be 1-200 characters, was 201", errors.get(0).message());
        assertEquals("must be INSTANT, SCHEDULED or RECURRING, was 'WEEKLY'", errors.get(1).message());
    }

    @Test
    void requiresStartTimeAndTimeZoneForScheduledAndRecurringMeetings() {
        assertEquals(List.of("time_zone", "start_time"),
                fields(new MeetingDraft("t", "SCHEDULED", null, 30, null, null, null, null).validateNew().errors()));
        assertEquals(List.of("time_zone", "start_time", "recurrence"),
                fields(new MeetingDraft("t", "RECURRING", null, 30, null, null, null, null).validateNew().errors()));
    }

    @Test
    void refusesAFixedOffsetAsTimeZoneBecauseItIgnoresDaylightSaving() {
        List<FieldError> errors = scheduled("2025-03-10T09:00:00", "+02:00").validateNew().errors();

        assertEquals(List.of("time_zone"), fields(errors));
        assertTrue(errors.get(0).message().contains("IANA"), errors.get(0).message());
    }

    @Test
    void refusesAStartTimeForAnInstantMeetingAndAnUnreadableStart() {
        assertEquals(List.of("start_time"), fields(new MeetingDraft("t", "INSTANT", "2025-03-10T09:00:00", null,
                null, null, null, null).validateNew().errors()));
        assertEquals(List.of("start_time"), fields(scheduled("next tuesday", "UTC").validateNew().errors()));
        assertEquals(List.of("start_time"), fields(scheduled("12025-03-10T09:00:00", "UTC").validateNew().errors()));
    }

    @Test
    void durationMustBeOneMinuteToOneDay() {
        assertEquals(List.of("duration_minutes"), fields(withDuration(1441).validateNew().errors()));
        assertEquals(List.of("duration_minutes"), fields(withDuration(0).validateNew().errors()));
        assertEquals(1440, valid(withDuration(1440)).durationMinutes());
        assertEquals(1, valid(withDuration(1)).durationMinutes());
    }

    @Test
    void passcodeIsFourToTenLettersAndDigits() {
        for (String good : List.of("1234", "Ab3dE6gH9j", "secret")) {
            assertEquals(new PasscodeChange.Replace(good), valid(withPasscode(good)).passcode());
        }
        for (String bad : List.of("123", "Ab3dE6gH9jK", "pass word", "pässword", "12-34")) {
            assertEquals(List.of("passcode"), fields(withPasscode(bad).validateNew().errors()), bad);
        }
        assertInstanceOf(PasscodeChange.Remove.class, valid(withPasscode("")).passcode());
    }

    @Test
    void aPasscodeNeverShowsInLogs() {
        assertTrue(!new PasscodeChange.Replace("hush1234").toString().contains("hush1234"));
    }

    @Test
    void recurrenceIsRequiredForRecurringMeetingsAndRefusedForOthers() {
        RecurrenceDraft daily = new RecurrenceDraft("DAILY", null, null, null, null, 5);

        assertEquals(List.of("recurrence"), fields(new MeetingDraft("t", "SCHEDULED", "2025-03-10T09:00:00", null,
                "UTC", daily, null, null).validateNew().errors()));
        assertEquals(List.of("recurrence"), fields(new MeetingDraft("t", "RECURRING", "2025-03-10T09:00:00", null,
                "UTC", null, null, null).validateNew().errors()));
        assertEquals(Recurrence.daily(1, new Recurrence.Count(5)), valid(recurring(daily)).recurrence());
    }

    @Test
    void recurrenceTakesEndDateOrCountButNotBothAndNotNeither() {
        assertEquals("takes end_date or count, not both", recurrenceErrors(
                new RecurrenceDraft("DAILY", 1, null, null, "2025-04-01", 3)).get(0).message());
        assertEquals("needs an end: end_date or count", recurrenceErrors(
                new RecurrenceDraft("DAILY", 1, null, null, null, null)).get(0).message());
    }

    @Test
    void reportsEveryRecurrenceProblemWithItsField() {
        List<FieldError> errors = recurrenceErrors(new RecurrenceDraft("HOURLY", 0, List.of("Funday"), 40, null, 501));

        assertEquals(List.of("recurrence.type", "recurrence.interval", "recurrence.days_of_week",
                "recurrence.day_of_month", "recurrence.count"), fields(errors), errors.toString());
    }

    @Test
    void refusesDaysOfWeekOnANonWeeklyRuleAndAnEndDateBeforeTheStart() {
        assertEquals(List.of("recurrence.days_of_week"),
                fields(recurrenceErrors(new RecurrenceDraft("DAILY", 1, List.of("MON"), null, null, 3))));
        assertEquals(List.of("recurrence.end_date"),
                fields(recurrenceErrors(new RecurrenceDraft("DAILY", 1, null, null, "2025-03-09", null))));
        assertEquals(List.of("recurrence.end_date"),
                fields(recurrenceErrors(new RecurrenceDraft("DAILY", 1, null, null, "10 March", null))));
    }

    @Test
    void weeklyDaysAcceptFullAndShortNamesAndDefaultToTheStartsWeekday() {
        Recurrence named = valid(recurring(new RecurrenceDraft("weekly", 1, List.of("monday", "WED", " fri "), null,
                null, 3))).recurrence();
        Recurrence defaulted = valid(recurring(new RecurrenceDraft("WEEKLY", 1, null, null, null, 3))).recurrence();

        assertEquals(new Recurrence.Weekly(Set.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY, DayOfWeek.FRIDAY)), named.frequency());
        assertEquals(new Recurrence.Weekly(Set.of(DayOfWeek.MONDAY)), defaulted.frequency()); // 2025-03-10 is a Monday
    }

    @Test
    void monthlyDayDefaultsToTheStartsDayOfMonth() {
        Recurrence monthly = valid(recurring(new RecurrenceDraft("MONTHLY", 1, null, null, null, 3))).recurrence();

        assertEquals(new Recurrence.Monthly(10), monthly.frequency());
    }

    @Test
    void theStartMovesToTheSeriesFirstOccurrence() {
        // Asked to start on Monday 2025-03-10 for a Wednesday/Friday series.
        MeetingPlan plan = valid(recurring(new RecurrenceDraft("WEEKLY", 1, List.of("WEDNESDAY", "FRIDAY"), null, null, 4)));

        assertEquals(LocalDateTime.parse("2025-03-12T09:00"), plan.localStart());
    }

    @Test
    void refusesASeriesWithNoOccurrenceOrMoreThanFiveHundred() {
        // A Sunday-only series from Monday 2025-03-10 that must end by Saturday 2025-03-15.
        assertEquals("has no occurrence on or before its end date", recurrenceErrors(
                new RecurrenceDraft("WEEKLY", 1, List.of("SUN"), null, "2025-03-15", null)).get(0).message());
        assertEquals(List.of("recurrence.end_date"),
                fields(recurrenceErrors(new RecurrenceDraft("DAILY", 1, null, null, "2026-07-23", null))));
        // 2025-03-10 + 499 days is 2026-07-22: exactly 500 occurrences.
        assertTrue(recurring(new RecurrenceDraft("DAILY", 1, null, null, "2026-07-22", null)).validateNew().isAccepted());
    }

    @Test
    void turningOnEndToEndEncryptionTurnsOffRecordingUnlessBothAreAskedFor() {
        MeetingPlan plan = valid(new MeetingDraft("t", "INSTANT", null, null, null, null, null,
                new SettingsDraft(null, null, true, null, true, null)));

        assertEquals(new MeetingSettings(true, false, true, false, true, false), plan.settings());
    }

    @Test
    void transcriptionIsASettingOfItsOwnAndNeverWithEndToEndEncryption() {
        MeetingPlan transcribed = valid(new MeetingDraft("t", "INSTANT", null, null, null, null, null,
                new SettingsDraft(null, null, null, null, null, true)));
        assertTrue(transcribed.settings().transcription());
        assertTrue(transcribed.settings().allowRecording(), "transcription leaves recording as it was");

        List<FieldError> both = new MeetingDraft("t", "INSTANT", null, null, null, null, null,
                new SettingsDraft(null, null, null, false, true, true)).validateNew().errors();
        assertEquals(List.of("settings.transcription"), fields(both));
        assertTrue(both.get(0).message().contains("cannot transcribe"), both.get(0).message());

        Meeting current = scheduledMeeting().withSettings(new MeetingSettings(false, true, false, false, false, true));
        MeetingPlan encrypted = valid(new MeetingDraft(null, null, null, null, null, null, null,
                new SettingsDraft(null, null, null, null, true, null)), current);
        assertEquals(new MeetingSettings(false, true, false, false, true, false), encrypted.settings());
    }

    @Test
    void updateKeepsWhatTheRequestLeavesOut() {
        Meeting current = scheduledMeeting();
        MeetingPlan plan = valid(new MeetingDraft(null, null, null, 90, null, null, null, null), current);

        assertEquals(current.topic(), plan.topic());
        assertEquals(current.localStart(), plan.localStart());
        assertEquals(90, plan.durationMinutes());
        assertEquals(current.settings(), plan.settings());
        assertInstanceOf(PasscodeChange.Keep.class, plan.passcode());
    }

    @Test
    void updateToAnotherZoneKeepsTheWallClockStart() {
        MeetingPlan plan = valid(new MeetingDraft(null, null, null, null, "Europe/Berlin", null, null, null),
                scheduledMeeting());

        assertEquals(LocalDateTime.parse("2025-03-10T09:00"), plan.localStart());
        assertEquals(ZoneId.of("Europe/Berlin"), plan.timeZone());
    }

    @Test
    void updateToInstantDropsTheStartAndToRecurringNeedsARecurrence() {
        MeetingPlan instant = valid(new MeetingDraft(null, "INSTANT", null, null, null, null, null, null), scheduledMeeting());
        assertNull(instant.localStart());

        assertEquals(List.of("recurrence"), fields(new MeetingDraft(null, "RECURRING", null, null, null, null, null, null)
                .validateUpdate(scheduledMeeting()).errors()));
    }

    @Test
    void updateFromRecurringToScheduledDropsTheRecurrence() {
        Meeting series = Meeting.create(MeetingId.generate(new SplittableRandom(3)), "acct", "host",
                valid(recurring(new RecurrenceDraft("DAILY", 1, null, null, null, 3))), CHEAP, NOW);

        MeetingPlan plan = valid(new MeetingDraft(null, "SCHEDULED", null, null, null, null, null, null), series);

        assertNull(plan.recurrence());
        assertEquals(series.localStart(), plan.localStart());
    }

    @Test
    void updateSettingsApplyOverTheCurrentOnes() {
        Meeting current = scheduledMeeting().withSettings(new MeetingSettings(false, true, false, true, false, false));
        MeetingPlan plan = valid(new MeetingDraft(null, null, null, null, null, null, null,
                new SettingsDraft(null, null, true, null, null, null)), current);

        assertEquals(new MeetingSettings(false, true, true, true, false, false), plan.settings());
    }

    private static Meeting scheduledMeeting() {
        return Meeting.create(MeetingId.generate(new SplittableRandom(1)), "acct", "host",
                valid(scheduled("2025-03-10T09:00:00", "America/New_York")), CHEAP, NOW);
    }

    private static MeetingDraft scheduled(String start, String zone) {
        return new MeetingDraft("Standup", "SCHEDULED", start, 30, zone, null, null, null);
    }

    private static MeetingDraft withDuration(int minutes) {
        return new MeetingDraft("t", "SCHEDULED", "2025-03-10T09:00:00", minutes, "UTC", null, null, null);
    }

    private static MeetingDraft withPasscode(String passcode) {
        return new MeetingDraft("t", "INSTANT", null, null, null, null, passcode, null);
    }

    private static MeetingDraft recurring(RecurrenceDraft recurrence) {
        return new MeetingDraft("Series", "RECURRING", "2025-03-10T09:00:00", 30, "Europe/Berlin", recurrence, null, null);
    }

    private static List<FieldError> recurrenceErrors(RecurrenceDraft recurrence) {
        return recurring(recurrence).validateNew().errors();
    }

    private static MeetingPlan valid(MeetingDraft draft) {
        return accepted(draft.validateNew());
    }

    private static MeetingPlan valid(MeetingDraft draft, Meeting current) {
        return accepted(draft.validateUpdate(current));
    }

    private static MeetingPlan accepted(Validated<MeetingPlan> result) {
        assertTrue(result.isAccepted(), () -> "expected the draft to pass, got " + result.errors());
        return result.orElseThrow();
    }

    private static List<String> fields(List<FieldError> errors) {
        return errors.stream().map(FieldError::field).toList();
    }
}
