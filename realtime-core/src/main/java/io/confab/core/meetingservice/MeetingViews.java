package io.confab.core.meetingservice;

import io.confab.core.meetings.Meeting;
import io.confab.core.meetings.MeetingDraft;
import io.confab.core.meetings.MeetingSettings;
import io.confab.core.meetings.MeetingStore;
import io.confab.core.meetings.Occurrence;
import io.confab.core.meetings.Recurrence;
import io.confab.core.meetings.RecurrenceDraft;
import io.confab.core.meetings.SettingsDraft;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;

/** The JSON shapes of the meetings API (docs/meeting-api.md), and their mapping to the domain. */
final class MeetingViews {

    private MeetingViews() {
    }

    record RecurrenceJson(String frequency, Integer interval, List<String> daysOfWeek, Integer dayOfMonth,
                          String endDate, Integer count) {
    }

    record SettingsJson(Boolean waitingRoom, Boolean joinBeforeHost, Boolean muteOnEntry, Boolean allowRecording,
                        Boolean e2eeEnabled, Boolean transcription) {
    }

    /** A create or update request; on update, a field left out keeps its value. */
    record MeetingRequest(String topic, String type, String startTime, Integer durationMinutes, String timeZone,
                          String passcode, RecurrenceJson recurrence, SettingsJson settings) {

        MeetingDraft draft() {
            RecurrenceDraft recurrenceDraft = recurrence == null ? null : new RecurrenceDraft(recurrence.frequency(),
                    recurrence.interval(), recurrence.daysOfWeek(), recurrence.dayOfMonth(), recurrence.endDate(),
                    recurrence.count());
            SettingsDraft settingsDraft = settings == null ? SettingsDraft.UNCHANGED : new SettingsDraft(
                    settings.waitingRoom(), settings.joinBeforeHost(), settings.muteOnEntry(), settings.allowRecording(),
                    settings.e2eeEnabled(), settings.transcription());
            return new MeetingDraft(topic, type, startTime, durationMinutes, timeZone, recurrenceDraft, passcode,
                    settingsDraft);
        }
    }

    record MeetingView(String id, String formattedId, String topic, String type, String status, Instant startTime,
                       LocalDateTime localStartTime, int durationMinutes, String timeZone, RecurrenceJson recurrence,
                       SettingsJson settings, boolean hasPasscode, String hostUserId, String accountId,
                       Instant createdAt, boolean personal, String recordingId, Instant startedAt, Instant endedAt,
                       Instant nextStart, String joinUrl) {
    }

    record MeetingList(List<MeetingView> meetings) {
    }

    record OccurrenceView(int index, Instant start, Instant end) {
    }

    record OccurrenceList(List<OccurrenceView> occurrences) {
    }

    static MeetingView view(MeetingStore.Stored stored, Instant now) {
        Meeting m = stored.meeting();
        MeetingSettings s = m.settings();
        Instant next = m.occurrencesBetween(now, now.plus(java.time.Duration.ofDays(3660))).stream()
                .map(Occurrence::start).filter(start -> !start.isBefore(now)).findFirst().orElse(null);
        return new MeetingView(m.id().digits(), m.id().formatted(), m.topic(), m.type().name(), m.status().name(),
                m.startTime(), m.localStart(), m.durationMinutes(), m.timeZone().getId(), recurrence(m.recurrence()),
                new SettingsJson(s.waitingRoom(), s.joinBeforeHost(), s.muteOnEntry(), s.allowRecording(), s.e2eeEnabled(),
                        s.transcription()),
                m.requiresPasscode(), m.hostUserId(), m.accountId(), m.createdAt(), m.personal(), stored.recordingId(),
                m.startedAt(), m.endedAt(), next, "/join/" + m.id().digits());
    }

    static OccurrenceView view(Occurrence occurrence) {
        return new OccurrenceView(occurrence.index(), occurrence.start(), occurrence.end());
    }

    private static RecurrenceJson recurrence(Recurrence r) {
        if (r == null) {
            return null;
        }
        String endDate = r.end() instanceof Recurrence.Until until ? until.lastDate().toString() : null;
        Integer count = r.end() instanceof Recurrence.Count c ? c.occurrences() : null;
        if (r.frequency() instanceof Recurrence.Weekly w) {
            return new RecurrenceJson("WEEKLY", r.interval(), w.days().stream().sorted().map(DayOfWeek::name).toList(),
                    null, endDate, count);
        }
        if (r.frequency() instanceof Recurrence.Monthly m) {
            return new RecurrenceJson("MONTHLY", r.interval(), null, m.dayOfMonth(), endDate, count);
        }
        return new RecurrenceJson("DAILY", r.interval(), null, null, endDate, count);
    }
}
