package io.confab.core.meetings;

import io.confab.core.accounts.AccessToken;
import io.confab.core.accounts.PasswordHash;
import io.confab.core.accounts.Role;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A meeting as the meeting service stores it. Immutable: every change returns a new instance,
 * which the caller stores and announces on {@code meeting.events}.
 *
 * <p>The start is kept as a wall-clock time in the meeting's zone, as iCalendar does (RFC 5545
 * section 3.3.5, "date with local time and time zone reference"), not as an instant: a recurring
 * 09:00 meeting must stay at 09:00 after a DST change, also when its first occurrence fell into a
 * gap and so began at 03:30, and also when a government changes its zone's rules after the
 * meeting was scheduled. {@link #startTime()} gives the instant.
 *
 * @param passcodeHash Argon2id PHC string of the passcode, or null when none is needed
 * @param localStart the (first) start on the wall clock of {@code timeZone}; null for INSTANT
 * @param recurrence present exactly for RECURRING meetings
 * @param personal whether this is its host's personal meeting room (a 10-digit ID, used again
 *     and again)
 * @param startedAt when the current or last run started; null if it never ran
 * @param endedAt when the last run ended; null while running or if it never ran
 */
public record Meeting(
        MeetingId id,
        String accountId,
        String hostUserId,
        String topic,
        String passcodeHash,
        MeetingType type,
        LocalDateTime localStart,
        int durationMinutes,
        ZoneId timeZone,
        Recurrence recurrence,
        MeetingSettings settings,
        MeetingStatus status,
        Instant createdAt,
        boolean personal,
        Instant startedAt,
        Instant endedAt) {

    public static final int MAX_DURATION_MINUTES = 24 * 60;

    public Meeting {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(hostUserId, "hostUserId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        checkSchedule(type, localStart, durationMinutes, recurrence);
        if (personal != id.isPersonal()) {
            throw new IllegalArgumentException("a personal meeting room, and only it, has a 10-digit ID");
        }
        if (status == MeetingStatus.STARTED && (startedAt == null || endedAt != null)) {
            throw new IllegalArgumentException("a STARTED meeting has startedAt and no endedAt");
        }
        if (status == MeetingStatus.ENDED && (startedAt == null || endedAt == null)) {
            throw new IllegalArgumentException("an ENDED meeting has startedAt and endedAt");
        }
    }

    /** A new meeting from a checked request; the passcode, if any, is hashed here. */
    public static Meeting create(
            MeetingId id, String accountId, String hostUserId, MeetingPlan plan, PasswordHash hasher, Instant now) {
        if (id.isPersonal()) {
            throw new IllegalArgumentException("a 10-digit ID belongs to a personal meeting room; use personalRoom");
        }
        return new Meeting(id, accountId, hostUserId, plan.topic(), hashOf(plan.passcode(), null, hasher),
                plan.type(), plan.localStart(), plan.durationMinutes(), plan.timeZone(), plan.recurrence(),
                plan.settings(), MeetingStatus.SCHEDULED, now, false, null, null);
    }

    /** The personal meeting room of a user: an instant meeting under their personal meeting ID. */
    public static Meeting personalRoom(
            MeetingId pmi, String accountId, String hostUserId, String topic, ZoneId zone, Instant now) {
        return new Meeting(pmi, accountId, hostUserId, topic, null, MeetingType.INSTANT, null, 60, zone, null,
                MeetingSettings.DEFAULTS, MeetingStatus.SCHEDULED, now, true, null, null);
    }

    /** The (first) scheduled start as an instant, or null for an instant meeting. */
    public Instant startTime() {
        return localStart == null ? null : ZonedDateTime.of(localStart, timeZone).toInstant();
    }

    public Duration duration() {
        return Duration.ofMinutes(durationMinutes);
    }

    public boolean requiresPasscode() {
        return passcodeHash != null;
    }

    /**
     * The one answer to a join that may not go on: no such meeting, a passcode missing or wrong, a
     * guest ticket for another meeting. Different answers would tell anyone trying ids which are in
     * use, and which have passcodes.
     */
    public static final String NOT_ADMITTED = "no meeting with this ID and passcode; check both in your invitation";

    /**
     * What a join naming no meeting costs: the Argon2 work of a wrong passcode, so the time taken
     * does not tell which ids exist either.
     */
    public static void spendAsAWrongPasscode(char[] attempt, PasswordHash hasher) {
        if (attempt != null) {
            hasher.verifyUnknownUser(attempt);
        }
    }

    /**
     * What a guest ticket carries to be revoked by a passcode change: a digest of the stored hash,
     * which a new passcode (even the same one again: a new salt) changes; null without a passcode.
     * Not the passcode's hash itself, which a ticket must not give away for offline guessing.
     */
    public String passcodeStamp() {
        if (passcodeHash == null) {
            return null;
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(passcodeHash.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 12));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** Whether a joiner who typed this passcode may come in: always when none is set. */
    public boolean admitsWithPasscode(char[] attempt, PasswordHash hasher) {
        return passcodeHash == null || (attempt != null && hasher.verify(attempt, passcodeHash));
    }

    /** Whether the ID stays in use after a run ends: personal rooms and recurring series. */
    public boolean isReusable() {
        return personal || type == MeetingType.RECURRING;
    }

    /**
     * Whether the token's bearer may change, end or delete this meeting and use host controls in
     * it: its host, or the owner of its account.
     */
    public boolean controlledBy(AccessToken token) {
        return !token.isGuest()
                && token.accountId().equals(accountId)
                && (token.subject().equals(hostUserId) || token.role() == Role.ACCOUNT_OWNER);
    }

    /** SCHEDULED -> STARTED, for the run beginning at {@code at}. */
    public Meeting start(Instant at) {
        MeetingStatus next = status.transitionTo(MeetingStatus.STARTED);
        return withRun(next, Objects.requireNonNull(at, "at"), null);
    }

    /**
     * Ends the current run. A personal room, and a recurring series with an occurrence still to
     * start after {@code at}, go back to SCHEDULED for the next run; any other meeting is ENDED
     * for good.
     */
    public Meeting end(Instant at) {
        Objects.requireNonNull(at, "at");
        if (status != MeetingStatus.STARTED) {
            throw new IllegalTransitionException(status, MeetingStatus.ENDED);
        }
        boolean again = personal || hasOccurrenceAfter(at);
        return withRun(status.transitionTo(again ? MeetingStatus.SCHEDULED : MeetingStatus.ENDED), startedAt, at);
    }

    public Meeting withSettings(MeetingSettings newSettings) {
        return new Meeting(id, accountId, hostUserId, topic, passcodeHash, type, localStart, durationMinutes,
                timeZone, recurrence, Objects.requireNonNull(newSettings, "settings"), status, createdAt,
                personal, startedAt, endedAt);
    }

    /** This meeting changed as a checked update request says; id, owner and status stay. */
    public Meeting update(MeetingPlan plan, PasswordHash hasher) {
        return new Meeting(id, accountId, hostUserId, plan.topic(), hashOf(plan.passcode(), passcodeHash, hasher),
                plan.type(), plan.localStart(), plan.durationMinutes(), plan.timeZone(), plan.recurrence(),
                plan.settings(), status, createdAt, personal, startedAt, endedAt);
    }

    /**
     * The first {@code limit} occurrences: the series of a recurring meeting, the one sitting of a
     * scheduled meeting, none for an instant meeting.
     */
    public List<Occurrence> occurrences(int limit) {
        return switch (type) {
            case INSTANT -> List.of();
            case SCHEDULED -> limit == 0 ? List.of() : List.of(single());
            case RECURRING -> recurrence.occurrences(localStart, timeZone, duration(), limit);
        };
    }

    /** The occurrences of which any part lies in [from, to). */
    public List<Occurrence> occurrencesBetween(Instant from, Instant to) {
        return switch (type) {
            case INSTANT -> List.of();
            case SCHEDULED -> single().overlaps(from, to) ? List.of(single()) : List.of();
            case RECURRING -> recurrence.between(localStart, timeZone, duration(), from, to);
        };
    }

    private boolean hasOccurrenceAfter(Instant at) {
        return type == MeetingType.RECURRING
                && occurrences(Recurrence.MAX_OCCURRENCES).stream().anyMatch(o -> o.start().isAfter(at));
    }

    private Occurrence single() {
        Instant start = startTime();
        return new Occurrence(start, start.plus(duration()), 0);
    }

    private Meeting withRun(MeetingStatus next, Instant runStarted, Instant runEnded) {
        return new Meeting(id, accountId, hostUserId, topic, passcodeHash, type, localStart, durationMinutes,
                timeZone, recurrence, settings, next, createdAt, personal, runStarted, runEnded);
    }

    private static String hashOf(PasscodeChange change, String current, PasswordHash hasher) {
        if (change instanceof PasscodeChange.Replace replace) {
            char[] plain = replace.passcode().toCharArray();
            try {
                return hasher.hash(plain);
            } finally {
                Arrays.fill(plain, '\0');
            }
        }
        return change instanceof PasscodeChange.Remove ? null : current;
    }

    /** The rules a meeting's schedule keeps, shared with {@link MeetingPlan}. */
    static void checkSchedule(MeetingType type, LocalDateTime localStart, int durationMinutes, Recurrence recurrence) {
        if (durationMinutes < 1 || durationMinutes > MAX_DURATION_MINUTES) {
            throw new IllegalArgumentException(
                    "duration must be 1.." + MAX_DURATION_MINUTES + " minutes, was " + durationMinutes);
        }
        if (type.hasStartTime() != (localStart != null)) {
            throw new IllegalArgumentException(type + " meetings " + (type.hasStartTime() ? "need" : "have no")
                    + " start time");
        }
        if ((type == MeetingType.RECURRING) != (recurrence != null)) {
            throw new IllegalArgumentException("a recurrence is present exactly for RECURRING meetings, not " + type);
        }
    }
}
