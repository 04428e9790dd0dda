package io.confab.jobs.transcription;

import io.confab.storage.events.ActiveSpeakerChanged;
import io.confab.storage.events.MeetingEnded;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.MeetingStarted;
import io.confab.storage.events.MeetingUpdated;
import io.confab.storage.events.ParticipantJoined;
import io.confab.storage.events.ParticipantLeft;
import io.confab.storage.events.RecordingStarted;
import io.confab.storage.events.RecordingStopped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the transcription job knows about one run of a meeting, kept in Flink state (as JSON): who
 * is in it under which name, which recordings asked for a transcript, whether the meeting setting
 * asks for one, and, per track, how far its transcript got. {@link #apply} folds an event into it
 * and says what the operator must do; it does no I/O, so the rules are tested by feeding events.
 *
 * <p>Public fields and a no-argument constructor: Jackson writes and reads it as is.
 */
public final class TranscriptRun {

    /** What an event asks of the operator. */
    sealed interface Action {
        /** The participant's tracks end: their last words are recognized now. */
        record ParticipantGone(String participantId) implements Action { }

        /** A transcribed recording stopped: its files are written once its audio has drained. */
        record RecordingEnded(RecordingSpan recording) implements Action { }

        /** The meeting ended: every track finishes, every transcript's files are written. */
        record RunEnded() implements Action { }

        record Ignored(String reason) implements Action { }
    }

    /** A recording that asked for a transcript ({@code RecordingStarted.transcribe}). */
    public static final class RecordingSpan {
        public String recordingId;
        public long startedAtMs;
        public Long stoppedAtMs;
        public boolean filesWritten;

        public RecordingSpan() {
        }

        RecordingSpan(String recordingId, long startedAtMs) {
            this.recordingId = recordingId;
            this.startedAtMs = startedAtMs;
        }

        boolean covers(long atMs, long toleranceMs) {
            return atMs >= startedAtMs - toleranceMs && (stoppedAtMs == null || atMs <= stoppedAtMs + toleranceMs);
        }
    }

    /** How far one track's transcript got: ids continue from here after a restore. */
    public static final class TrackMark {
        public String participantId;
        public int nextIndex;
        public long emittedUntilMs;

        public TrackMark() {
        }

        TrackMark(String participantId) {
            this.participantId = participantId;
        }
    }

    public String meetingId;
    public String accountId;
    public String hostUserId;
    public String topic;
    /** occurredAt of this run's MeetingStarted; null until it is seen (the run is then unknown). */
    public Long startedAtMs;
    public boolean settingOn;
    public boolean ended;
    public Long endedAtMs;
    public boolean settingFilesWritten;
    public int segments;
    public Map<String, String> names = new LinkedHashMap<>();
    public List<RecordingSpan> recordings = new ArrayList<>();
    public Map<String, TrackMark> tracks = new LinkedHashMap<>();
    /** The SFU's active speakers, for segments two tracks heard ({@link SharedVoice}). */
    public ActiveSpeakers activeSpeakers = new ActiveSpeakers();

    /** A packet (or segment) at {@code atMs} is transcribed: the setting is on or a transcribed recording covers it. */
    boolean transcribing(long atMs, long toleranceMs) {
        return startedAtMs != null && (settingOn && !ended || recordings.stream().anyMatch(r -> r.covers(atMs, toleranceMs)));
    }

    /** The transcribed recording a moment of speech belongs to, or null (the meeting setting alone). */
    RecordingSpan recordingAt(long atMs, long toleranceMs) {
        RecordingSpan found = null;
        for (RecordingSpan r : recordings) {
            if (r.covers(atMs, toleranceMs)) {
                found = r;
            }
        }
        return found;
    }

    String nameOf(String participantId) {
        return names.getOrDefault(participantId, "Participant " + participantId);
    }

    /** Whether a later MeetingStarted opens a new run: everything here belongs to the old one. */
    boolean isOtherRun(MeetingEvent event) {
        return event.getPayload() instanceof MeetingStarted && startedAtMs != null
                && event.getOccurredAt().toEpochMilli() != startedAtMs;
    }

    List<Action> apply(MeetingEvent event) {
        List<Action> actions = new ArrayList<>();
        long at = event.getOccurredAt().toEpochMilli();
        meetingId = event.getMeetingId();
        accountId = event.getAccountId();
        Object payload = event.getPayload();
        if (payload instanceof MeetingStarted started) {
            if (startedAtMs == null) {
                startedAtMs = at;
            }
            hostUserId = started.getHostUserId();
            topic = started.getTopic();
            settingOn = started.getSettings().getTranscription();
        } else if (payload instanceof MeetingUpdated updated) {
            settingOn = updated.getSettings().getTranscription();
        } else if (payload instanceof ParticipantJoined joined) {
            names.put(joined.getParticipantId(), joined.getDisplayName());
        } else if (payload instanceof ActiveSpeakerChanged changed) {
            if (startedAtMs != null) {
                activeSpeakers.changed(at - startedAtMs, changed.getParticipantId());
            }
        } else if (payload instanceof ParticipantLeft left) {
            actions.add(new Action.ParticipantGone(left.getParticipantId()));
        } else if (payload instanceof RecordingStarted started) {
            if (!started.getTranscribe()) {
                return actions;
            }
            if (recordings.stream().anyMatch(r -> r.recordingId.equals(started.getRecordingId()))) {
                actions.add(new Action.Ignored("RecordingStarted " + started.getRecordingId() + " seen twice (a replay)"));
            } else {
                recordings.add(new RecordingSpan(started.getRecordingId(), at));
            }
        } else if (payload instanceof RecordingStopped stopped) {
            for (RecordingSpan r : recordings) {
                if (r.recordingId.equals(stopped.getRecordingId()) && r.stoppedAtMs == null) {
                    r.stoppedAtMs = at;
                    actions.add(new Action.RecordingEnded(r));
                }
            }
        } else if (payload instanceof MeetingEnded && !ended) {
            end(at);
            actions.add(new Action.RunEnded());
        }
        return actions;
    }

    /** Ends the run at {@code atMs}: by MeetingEnded, or by the idle timeout of a meeting that never ends. */
    void end(long atMs) {
        ended = true;
        endedAtMs = atMs;
        for (RecordingSpan r : recordings) {
            if (r.stoppedAtMs == null) {
                r.stoppedAtMs = atMs;
            }
        }
    }

    boolean anyTranscriptWanted() {
        return settingOn || !recordings.isEmpty();
    }
}
