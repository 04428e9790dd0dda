package io.confab.batch.warehouse.rows;

import io.confab.storage.events.ChatMessage;
import io.confab.storage.events.MeetingEnded;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.MeetingStarted;
import io.confab.storage.events.ParticipantJoined;
import io.confab.storage.events.ParticipantLeft;
import io.confab.storage.events.RecordingStarted;
import io.confab.storage.warehouse.rows.MeetingRow;
import io.confab.storage.warehouse.rows.ParticipantSessionRow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One meeting id's events (de-duplicated) to its {@code meetings} rows, one per run (MeetingStarted
 * to MeetingEnded; a personal meeting id is reused for years), and its {@code participant_sessions}
 * rows, one per ParticipantJoined..ParticipantLeft presence (storage/README.md: every session is
 * closed by a Left, and a participant id names one presence). A run or session still open when the
 * export runs has null end columns.
 *
 * <p>Events are taken in time order; at the same instant a leave comes before a join, so a reconnect
 * in the same millisecond does not count as two people at once for the peak.
 */
public final class MeetingRuns {

    /** What one meeting's events give. */
    public record Rows(List<MeetingRow> meetings, List<ParticipantSessionRow> sessions, List<Rejection> rejections) {
    }

    private MeetingRuns() {
    }

    public static Rows of(List<MeetingEvent> events) {
        List<MeetingEvent> ordered = new ArrayList<>(events);
        ordered.sort(Comparator.comparing(MeetingEvent::getOccurredAt).thenComparingInt(MeetingRuns::rank)
                .thenComparing(MeetingEvent::getEventId));
        List<MeetingRow> meetings = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        Map<String, ParticipantSessionRow.Builder> open = new LinkedHashMap<>();
        List<ParticipantSessionRow> sessions = new ArrayList<>();
        Run run = null;
        for (MeetingEvent event : ordered) {
            Object payload = event.getPayload();
            if (payload instanceof MeetingStarted started) {
                if (run != null) {
                    meetings.add(run.row(null, null));
                }
                run = new Run(event, started);
            } else if (payload instanceof MeetingEnded ended) {
                if (run == null) {
                    rejections.add(new Rejection("meeting.events", day(event.getOccurredAt()), "MeetingEnded of meeting "
                            + event.getMeetingId() + " at " + event.getOccurredAt() + " without its MeetingStarted (event " + event.getEventId() + ")"));
                } else {
                    meetings.add(run.row(event.getOccurredAt(), ended.getReason().name()));
                    run = null;
                }
            } else if (payload instanceof ParticipantJoined joined) {
                open.put(joined.getParticipantId(), ParticipantSessionRow.newBuilder()
                        .setAccountId(event.getAccountId()).setMeetingId(event.getMeetingId()).setParticipantId(joined.getParticipantId())
                        .setUserId(joined.getUserId()).setDisplayName(joined.getDisplayName()).setRole(joined.getRole().name())
                        .setClient(joined.getClient()).setJoinedAt(event.getOccurredAt()));
                if (run != null) {
                    run.joined(joined);
                }
            } else if (payload instanceof ParticipantLeft left) {
                ParticipantSessionRow.Builder session = open.remove(left.getParticipantId());
                if (session == null) {
                    rejections.add(new Rejection("meeting.events", day(event.getOccurredAt()), "ParticipantLeft of " + left.getParticipantId()
                            + " in meeting " + event.getMeetingId() + " without its ParticipantJoined (event " + event.getEventId() + ")"));
                    continue;
                }
                sessions.add(session.setLeftAt(event.getOccurredAt()).setLeaveReason(left.getReason().name())
                        .setDurationMs(Duration.between(session.getJoinedAt(), event.getOccurredAt()).toMillis()).build());
                if (run != null) {
                    run.present--;
                }
            } else if (payload instanceof ChatMessage && run != null) {
                run.chatMessages++;
            } else if (payload instanceof RecordingStarted && run != null) {
                run.recorded = true;
            }
        }
        if (run != null) {
            meetings.add(run.row(null, null));
        }
        open.values().forEach(session -> sessions.add(session.build()));
        return new Rows(meetings, sessions, rejections);
    }

    /** Leaves before joins at the same instant; starts first and ends last. */
    private static int rank(MeetingEvent event) {
        Object payload = event.getPayload();
        if (payload instanceof MeetingStarted) {
            return 0;
        }
        if (payload instanceof ParticipantLeft) {
            return 1;
        }
        if (payload instanceof MeetingEnded) {
            return 3;
        }
        return 2;
    }

    static String day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC).toString();
    }

    /** One run being followed. */
    private static final class Run {
        final MeetingEvent start;
        final MeetingStarted started;
        int sessions;
        int present;
        int peak;
        int chatMessages;
        boolean recorded;
        final Set<String> people = new HashSet<>();

        Run(MeetingEvent start, MeetingStarted started) {
            this.start = start;
            this.started = started;
        }

        void joined(ParticipantJoined joined) {
            sessions++;
            present++;
            peak = Math.max(peak, present);
            // A guest has no user id: each of its presences counts as one person.
            people.add(joined.getUserId() != null ? "user:" + joined.getUserId() : "guest:" + joined.getParticipantId());
        }

        MeetingRow row(Instant endedAt, String reason) {
            return MeetingRow.newBuilder()
                    .setAccountId(start.getAccountId()).setMeetingId(start.getMeetingId()).setTopic(started.getTopic())
                    .setHostUserId(started.getHostUserId()).setMeetingType(started.getMeetingType().name())
                    .setStartedAt(start.getOccurredAt()).setEndedAt(endedAt).setEndReason(reason)
                    .setDurationMs(endedAt == null ? null : Duration.between(start.getOccurredAt(), endedAt).toMillis())
                    .setParticipantSessions(sessions).setDistinctUsers(people.size()).setPeakParticipants(peak)
                    .setRecorded(recorded).setChatMessages(chatMessages)
                    .build();
        }
    }
}
