package io.confab.core.meetings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.core.accounts.AccessToken;
import io.confab.core.accounts.PasswordHash;
import io.confab.core.accounts.Role;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MeetingTest {

    private static final PasswordHash CHEAP = new PasswordHash(new PasswordHash.Cost(64, 1, 1), new SecureRandom());
    private static final SplittableRandom RANDOM = new SplittableRandom(42);
    private static final Instant CREATED = Instant.parse("2025-02-01T12:00:00Z");

    @Test
    void aNewMeetingWaitsAsScheduledAndStoresOnlyTheHashOfItsPasscode() {
        Meeting meeting = create(new MeetingDraft("Board", "SCHEDULED", "2025-03-10T09:00:00", 45, "America/New_York",
                null, "Xy12ab", null));

        assertEquals(MeetingStatus.SCHEDULED, meeting.status());
        assertTrue(meeting.requiresPasscode());
        assertTrue(meeting.passcodeHash().startsWith("$argon2id$"), meeting.passcodeHash());
        assertFalse(meeting.passcodeHash().contains("Xy12ab"));
        assertTrue(meeting.admitsWithPasscode("Xy12ab".toCharArray(), CHEAP));
        assertFalse(meeting.admitsWithPasscode("xy12ab".toCharArray(), CHEAP));
        assertFalse(meeting.admitsWithPasscode(null, CHEAP));
        assertEquals(Instant.parse("2025-03-10T13:00:00Z"), meeting.startTime());
        assertEquals(Duration.ofMinutes(45), meeting.duration());
    }

    @Test
    void aMeetingWithoutPasscodeAdmitsEveryone() {
        Meeting meeting = instant();

        assertFalse(meeting.requiresPasscode());
        assertTrue(meeting.admitsWithPasscode(null, CHEAP));
    }

    @Test
    void startAndEndReturnNewInstancesAndLeaveTheOriginalAlone() {
        Meeting scheduled = instant();
        Instant t1 = Instant.parse("2025-02-01T12:05:00Z");
        Instant t2 = Instant.parse("2025-02-01T12:50:00Z");

        Meeting started = scheduled.start(t1);
        Meeting ended = started.end(t2);

        assertEquals(MeetingStatus.SCHEDULED, scheduled.status());
        assertEquals(MeetingStatus.STARTED, started.status());
        assertEquals(t1, started.startedAt());
        assertNull(started.endedAt());
        assertEquals(MeetingStatus.ENDED, ended.status());
        assertEquals(t1, ended.startedAt());
        assertEquals(t2, ended.endedAt());
    }

    @Test
    void anEndedMeetingCannotStartAgain() {
        Meeting ended = instant().start(CREATED).end(CREATED.plusSeconds(60));

        IllegalTransitionException e = assertThrows(IllegalTransitionException.class, () -> ended.start(CREATED));
        assertEquals("meeting has ENDED; an ended meeting cannot become STARTED", e.getMessage());
    }

    @Test
    void aMeetingThatNeverStartedCannotEnd() {
        assertThrows(IllegalTransitionException.class, () -> instant().end(CREATED));
    }

    @Test
    void aPersonalRoomWaitsForItsNextRunAfterEachEnd() {
        Meeting room = Meeting.personalRoom(MeetingId.personal(RANDOM), "acct", "ada", "Ada's room",
                ZoneId.of("Europe/London"), CREATED);

        Meeting afterFirstRun = room.start(CREATED).end(CREATED.plusSeconds(600));
        Meeting secondRun = afterFirstRun.start(CREATED.plusSeconds(3600));

        assertEquals(MeetingStatus.SCHEDULED, afterFirstRun.status());
        assertEquals(CREATED.plusSeconds(600), afterFirstRun.endedAt());
        assertEquals(MeetingStatus.STARTED, secondRun.status());
        assertNull(secondRun.endedAt());
        assertTrue(room.personal() && room.isReusable());
    }

    @Test
    void aRecurringMeetingEndsForGoodOnlyAfterItsLastOccurrence() {
        // Daily at 09:00 Berlin, three times: 2025-03-10, 11, 12.
        Meeting series = create(new MeetingDraft("Standup", "RECURRING", "2025-03-10T09:00:00", 15, "Europe/Berlin",
                new RecurrenceDraft("DAILY", null, null, null, null, 3), null, null));

        Meeting afterSecond = series.start(Instant.parse("2025-03-11T08:00:00Z")).end(Instant.parse("2025-03-11T08:15:00Z"));
        Meeting afterLast = afterSecond.start(Instant.parse("2025-03-12T08:00:00Z")).end(Instant.parse("2025-03-12T08:15:00Z"));

        assertEquals(MeetingStatus.SCHEDULED, afterSecond.status());
        assertEquals(MeetingStatus.ENDED, afterLast.status());
    }

    @Test
    void aRecurringMeetingsOccurrencesFollowItsZoneAcrossDaylightSaving() {
        Meeting series = create(new MeetingDraft("Weekly", "RECURRING", "2025-03-03T09:00:00", 60, "America/New_York",
                new RecurrenceDraft("WEEKLY", null, List.of("MONDAY"), null, "2025-03-17", null), null, null));

        assertEquals(List.of(Instant.parse("2025-03-03T14:00:00Z"), Instant.parse("2025-03-10T13:00:00Z"),
                        Instant.parse("2025-03-17T13:00:00Z")),
                series.occurrences(10).stream().map(Occurrence::start).toList());
        assertEquals(1, series.occurrencesBetween(Instant.parse("2025-03-10T00:00:00Z"),
                Instant.parse("2025-03-11T00:00:00Z")).size());
    }

    @Test
    void aScheduledMeetingHasOneOccurrenceAndAnInstantOneNone() {
        Meeting scheduled = create(new MeetingDraft("Once", "SCHEDULED", "2025-03-09T02:30:00", 30, "America/New_York",
                null, null, null));

        // 02:30 does not exist that morning in New York; the meeting begins at 03:30 EDT.
        assertEquals(List.of(new Occurrence(Instant.parse("2025-03-09T07:30:00Z"), Instant.parse("2025-03-09T08:00:00Z"), 0)),
                scheduled.occurrences(5));
        assertEquals(LocalDateTime.parse("2025-03-09T02:30"), scheduled.localStart());
        assertEquals(List.of(), instant().occurrences(5));
        assertEquals(List.of(), scheduled.occurrencesBetween(Instant.parse("2025-03-10T00:00:00Z"),
                Instant.parse("2025-03-11T00:00:00Z")));
    }

    @Test
    void updateAppliesThePlanAndCanReplaceOrRemoveThePasscode() {
        Meeting meeting = create(new MeetingDraft("Old", "INSTANT", null, null, null, null, "first1", null));

        Meeting renamed = meeting.update(plan(new MeetingDraft("New", null, null, null, null, null, null, null), meeting), CHEAP);
        Meeting rekeyed = meeting.update(plan(new MeetingDraft(null, null, null, null, null, null, "second2", null), meeting), CHEAP);
        Meeting open = meeting.update(plan(new MeetingDraft(null, null, null, null, null, null, "", null), meeting), CHEAP);

        assertEquals("New", renamed.topic());
        assertEquals(meeting.passcodeHash(), renamed.passcodeHash());
        assertTrue(rekeyed.admitsWithPasscode("second2".toCharArray(), CHEAP));
        assertFalse(rekeyed.admitsWithPasscode("first1".toCharArray(), CHEAP));
        assertFalse(open.requiresPasscode());
        assertEquals(meeting.id(), open.id());
        assertEquals(meeting.createdAt(), open.createdAt());
    }

    @Test
    void aPasscodeChangeChangesThePasscodeStampThatGuestTicketsCarry() {
        Meeting meeting = create(new MeetingDraft("Old", "INSTANT", null, null, null, null, "first1", null));
        Meeting renamed = meeting.update(plan(new MeetingDraft("New", null, null, null, null, null, null, null), meeting), CHEAP);
        Meeting again = meeting.update(plan(new MeetingDraft(null, null, null, null, null, null, "first1", null), meeting), CHEAP);
        Meeting open = meeting.update(plan(new MeetingDraft(null, null, null, null, null, null, "", null), meeting), CHEAP);

        assertEquals(meeting.passcodeStamp(), renamed.passcodeStamp(), "a rename keeps guest tickets valid");
        assertNotEquals(meeting.passcodeStamp(), again.passcodeStamp(), "setting the passcode again (a new salt) revokes them");
        assertNull(open.passcodeStamp());
        assertFalse(meeting.passcodeHash().contains(meeting.passcodeStamp()), "the stamp does not give the hash away");
    }

    @Test
    void withSettingsChangesOnlyTheSettings() {
        Meeting meeting = instant();
        MeetingSettings locked = new MeetingSettings(true, false, true, false, true, false);

        Meeting changed = meeting.withSettings(locked);

        assertEquals(locked, changed.settings());
        assertEquals(MeetingSettings.DEFAULTS, meeting.settings());
        assertEquals(meeting.topic(), changed.topic());
    }

    @Test
    void theHostAndTheAccountOwnerControlAMeetingButNoOneElse() {
        Meeting meeting = instant(); // account "acct", host "host"
        Instant now = CREATED;
        Instant later = CREATED.plusSeconds(60);

        assertTrue(meeting.controlledBy(new AccessToken("host", "acct", Role.HOST, null, now, later, "t1")));
        assertTrue(meeting.controlledBy(new AccessToken("boss", "acct", Role.ACCOUNT_OWNER, null, now, later, "t2")));
        assertFalse(meeting.controlledBy(new AccessToken("other", "acct", Role.HOST, null, now, later, "t3")));
        assertFalse(meeting.controlledBy(new AccessToken("boss", "elsewhere", Role.ACCOUNT_OWNER, null, now, later, "t4")));
        assertFalse(meeting.controlledBy(new AccessToken("host", "acct", Role.GUEST, meeting.id().digits(), now, later, "t5")));
    }

    @Test
    void keepsItsInvariants() {
        MeetingId id = MeetingId.generate(RANDOM);
        ZoneId utc = ZoneId.of("UTC");
        assertThrows(IllegalArgumentException.class, () -> new Meeting(id, "a", "h", "t", null, MeetingType.SCHEDULED,
                null, 30, utc, null, MeetingSettings.DEFAULTS, MeetingStatus.SCHEDULED, CREATED, false, null, null));
        assertThrows(IllegalArgumentException.class, () -> new Meeting(id, "a", "h", "t", null, MeetingType.INSTANT,
                null, 30, utc, null, MeetingSettings.DEFAULTS, MeetingStatus.SCHEDULED, CREATED, true, null, null));
        assertThrows(IllegalArgumentException.class, () -> new Meeting(id, "a", "h", "t", null, MeetingType.INSTANT,
                null, 30, utc, null, MeetingSettings.DEFAULTS, MeetingStatus.STARTED, CREATED, false, null, null));
        assertThrows(IllegalArgumentException.class, () -> new MeetingSettings(true, false, false, true, true, false));
        assertThrows(IllegalArgumentException.class, () -> new MeetingSettings(true, false, false, false, true, true));
        assertThrows(IllegalArgumentException.class, () -> Meeting.create(MeetingId.personal(RANDOM), "a", "h",
                plan(new MeetingDraft("t", "INSTANT", null, null, null, null, null, null), null), CHEAP, CREATED));
    }

    private static Meeting instant() {
        return create(new MeetingDraft("Quick", "INSTANT", null, null, null, null, null, null));
    }

    private static Meeting create(MeetingDraft draft) {
        return Meeting.create(MeetingId.generate(RANDOM), "acct", "host", plan(draft, null), CHEAP, CREATED);
    }

    private static MeetingPlan plan(MeetingDraft draft, Meeting current) {
        var result = current == null ? draft.validateNew() : draft.validateUpdate(current);
        assertTrue(result.isAccepted(), () -> "draft refused: " + result.errors());
        return result.orElseThrow();
    }
}
