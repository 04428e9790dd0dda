package io.confab.jobs.usage.live;

import io.confab.storage.usage.DaySplit;
import io.confab.jobs.usage.presence.MeetingLedger;
import io.confab.jobs.usage.presence.MeterRules;

import java.util.ArrayList;
import java.util.List;

/**
 * One account's live usage from the meter's meeting ledgers: meetings in progress, participants
 * in them now, and participant minutes so far today (closed presences' parts of today plus open
 * presences up to now). Today is the UTC day of {@code now}.
 */
public record LiveState(String accountId, long at, List<LiveMeeting> meetings, int participantsNow,
                        long participantMillisToday) {

    public record LiveMeeting(String meetingId, int participantsNow) {
    }

    public static LiveState of(String accountId, Iterable<MeetingLedger> ledgers, long now, MeterRules rules) {
        long today = DaySplit.dayOf(now);
        List<LiveMeeting> meetings = new ArrayList<>();
        int participantsNow = 0;
        long millisToday = 0;
        for (MeetingLedger ledger : ledgers) {
            int here = 0;
            boolean ours = false;
            for (MeetingLedger.Presence presence : ledger.presencesAt(now, rules)) {
                if (!accountId.equals(presence.join().accountId())) {
                    continue;
                }
                ours = true;
                long end = presence.end() < 0 ? now : Math.min(presence.end(), now);
                if (presence.end() < 0 && presence.join().at() <= now) {
                    here++;
                }
                long start = Math.max(presence.join().at(), today);
                millisToday += Math.max(0, Math.min(end, today + DaySplit.DAY_MS) - start);
            }
            if ((ours || accountId.equals(ledger.accountId())) && (ledger.inProgress() || here > 0)) {
                meetings.add(new LiveMeeting(ledger.meetingId(), here));
                participantsNow += here;
            }
        }
        return new LiveState(accountId, now, meetings, participantsNow, millisToday);
    }
}
