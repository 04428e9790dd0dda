package io.confab.orchestration.usage;

import io.confab.storage.events.ArtifactKind;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.confab.orchestration.usage.UsageMonth.DAY;

/**
 * USAGE.md's rules applied to the generated facts in the plainest way, independently of the
 * meter's code: the answer the meter's Cassandra rows must add up to.
 */
final class ExpectedUsage {

    static final long RECONNECT_GRACE = 2 * 60_000;
    static final long PRESENCE_TIMEOUT = DAY;

    /** A session row: person's first join, first participant id, last leave. */
    record Session(long joinedAt, String participantId, long leftAt) {
    }

    private ExpectedUsage() {
    }

    static long presenceEnd(UsageMonth.Meeting meeting, UsageMonth.Presence presence) {
        if (presence.leave() != null) {
            return presence.leave();
        }
        if (meeting.end() != null) {
            return meeting.end();
        }
        return presence.join() + PRESENCE_TIMEOUT;
    }

    /** account -> "yyyy-mm-dd-ms|METRIC" style key (day start ms + metric) -> quantity, zeros left out. */
    static Map<String, Map<String, Long>> totals(UsageMonth month) {
        Map<String, Map<String, Long>> totals = new TreeMap<>();
        Map<String, List<long[]>> spans = new HashMap<>();
        for (UsageMonth.Meeting meeting : month.meetings) {
            Map<String, Long> account = totals.computeIfAbsent(meeting.account(), a -> new TreeMap<>());
            long meetingEnd = meeting.start();
            for (UsageMonth.Presence presence : meeting.presences()) {
                long end = presenceEnd(meeting, presence);
                addSplit(account, "PARTICIPANT_MINUTES", presence.join(), end);
                spans.computeIfAbsent(meeting.account(), a -> new ArrayList<>()).add(new long[]{presence.join(), end});
                meetingEnd = Math.max(meetingEnd, end);
            }
            if (meeting.end() != null) {
                meetingEnd = meeting.end();
            }
            addSplit(account, "MEETING_MINUTES", meeting.start(), meetingEnd);
            Map<String, List<UsageMonth.Artifact>> byRecording = new HashMap<>();
            for (UsageMonth.Artifact artifact : meeting.artifacts()) {
                account.merge(key(dayOf(artifact.createdAt()), "STORAGE_BYTES"), artifact.size(), Long::sum);
                byRecording.computeIfAbsent(artifact.recordingId(), r -> new ArrayList<>()).add(artifact);
            }
            for (List<UsageMonth.Artifact> files : byRecording.values()) {
                UsageMonth.Artifact counted = files.stream().filter(a -> a.kind() == ArtifactKind.MP4).findFirst()
                        .orElse(files.stream().filter(a -> a.kind() == ArtifactKind.M4A).findFirst().orElse(null));
                if (counted != null) {
                    account.merge(key(dayOf(counted.createdAt()), "RECORDING_MINUTES"), counted.durationMs(), Long::sum);
                }
            }
            for (UsageMonth.Segment segment : meeting.segments()) {
                account.merge(key(dayOf(segment.meetingStart() + segment.startOffset()), "TRANSCRIPTION_MINUTES"),
                        segment.endOffset() - segment.startOffset(), Long::sum);
            }
        }
        // Peak: at each day's start and at every join, how many presences are open (a leave at the
        // same instant is already gone: [join, end)).
        spans.forEach((account, list) -> {
            TreeSet<Long> days = new TreeSet<>();
            for (long[] span : list) {
                for (long day = dayOf(span[0]); day < span[1]; day += DAY) {
                    days.add(day);
                }
            }
            for (long day : days) {
                List<Long> instants = new ArrayList<>(List.of(day));
                for (long[] span : list) {
                    if (span[0] >= day && span[0] < day + DAY) {
                        instants.add(span[0]);
                    }
                }
                long peak = 0;
                for (long t : instants) {
                    long open = list.stream().filter(s -> s[0] <= t && t < s[1]).count();
                    peak = Math.max(peak, open);
                }
                if (peak > 0) {
                    totals.get(account).put(key(day, "PEAK_PARTICIPANTS"), peak);
                }
            }
        });
        totals.values().forEach(m -> m.values().removeIf(v -> v == 0));
        return totals;
    }

    /** Sessions per meeting: a person's presences merged when one starts within 2 min of the end so far. */
    static Map<String, List<Session>> sessions(UsageMonth month) {
        Map<String, List<Session>> sessions = new TreeMap<>();
        for (UsageMonth.Meeting meeting : month.meetings) {
            Map<String, List<UsageMonth.Presence>> byPerson = new HashMap<>();
            meeting.presences().forEach(p -> byPerson.computeIfAbsent(p.person(), k -> new ArrayList<>()).add(p));
            List<Session> rows = new ArrayList<>();
            for (List<UsageMonth.Presence> own : byPerson.values()) {
                own.sort((a, b) -> Long.compare(a.join(), b.join()));
                UsageMonth.Presence first = null;
                long end = 0;
                for (UsageMonth.Presence presence : own) {
                    if (first != null && presence.join() <= end + RECONNECT_GRACE) {
                        end = Math.max(end, presenceEnd(meeting, presence));
                        continue;
                    }
                    if (first != null) {
                        rows.add(new Session(first.join(), first.participantId(), end));
                    }
                    first = presence;
                    end = presenceEnd(meeting, presence);
                }
                rows.add(new Session(first.join(), first.participantId(), end));
            }
            rows.sort((a, b) -> Long.compare(a.joinedAt(), b.joinedAt()) != 0 ? Long.compare(a.joinedAt(), b.joinedAt())
                    : a.participantId().compareTo(b.participantId()));
            sessions.put(meeting.id(), rows);
        }
        return sessions;
    }

    private static void addSplit(Map<String, Long> account, String metric, long start, long end) {
        for (long day = dayOf(start); day < end; day += DAY) {
            long part = Math.min(end, day + DAY) - Math.max(start, day);
            if (part > 0) {
                account.merge(key(day, metric), part, Long::sum);
            }
        }
    }

    static long dayOf(long instant) {
        return Math.floorDiv(instant, DAY) * DAY;
    }

    static String key(long day, String metric) {
        return java.time.LocalDate.ofEpochDay(day / DAY) + " " + metric;
    }
}
