package io.confab.jobs.recording;

import io.confab.storage.events.ActiveSpeakerChanged;
import io.confab.storage.events.ChatMessage;
import io.confab.storage.events.MeetingEnded;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.MeetingStarted;
import io.confab.storage.events.MuteChanged;
import io.confab.storage.events.ParticipantJoined;
import io.confab.storage.events.ParticipantLeft;
import io.confab.storage.events.RecordingStarted;
import io.confab.storage.events.RecordingStopped;
import java.util.ArrayList;
import java.util.List;

/**
 * Folds one meeting's events into its {@link MeetingState}: the roster, and the recordings asked
 * for. Returns what the mixer has to do about it (start or stop a recording). Pure: no I/O, so
 * every rule here is tested by feeding events.
 *
 * <p>Events of one meeting arrive in order (one Kafka partition, relayed in order by the outbox),
 * but may be replayed after a restart: a RecordingStarted for a recording that is already running
 * or finished is ignored, and a stop for an unknown recording too.
 */
public final class MeetingEventFold {

    /** What an event asks of the mixer. */
    public sealed interface Action {
        record StartRecording(RecordingWindow recording) implements Action { }

        /** Stop recording at {@code atMs}; what was recorded so far is finalized after a short drain. */
        record StopRecording(RecordingWindow recording, long atMs, String reason) implements Action { }

        /** An event that could not be applied, with why (counted; the event is still valid). */
        record Ignored(String reason) implements Action { }
    }

    private final boolean audioOnly;
    private final long maxStartAgeMs;

    /**
     * @param audioOnly     record every recording audio only (no video decode, compositing or H.264),
     *                      whatever the host asked for; otherwise each RecordingStarted decides
     * @param maxStartAgeMs a RecordingStarted older than this (against {@code nowMs}) is not
     *                      recorded: its media is gone from media.packets, and a first start of the
     *                      job reads meeting.events from the beginning
     */
    public MeetingEventFold(boolean audioOnly, long maxStartAgeMs) {
        this.audioOnly = audioOnly;
        this.maxStartAgeMs = maxStartAgeMs;
    }

    public List<Action> apply(MeetingState state, MeetingEvent event, long nowMs) {
        List<Action> actions = new ArrayList<>();
        long at = event.getOccurredAt().toEpochMilli();
        state.accountId = event.getAccountId();
        Object payload = event.getPayload();
        if (payload instanceof MeetingStarted started) {
            state.hostUserId = started.getHostUserId();
            state.topic = started.getTopic();
            state.ended = false;
            state.participants.clear();
            state.activeSpeaker = null;
        } else if (payload instanceof ParticipantJoined joined) {
            Participant participant = new Participant(joined.getParticipantId(), joined.getDisplayName(),
                    joined.getAudioMuted(), joined.getVideoMuted());
            state.participants.put(participant.id(), participant);
            record(state, TimelineEntry.join(at, participant.id(), participant.name()));
            if (participant.audioMuted()) {
                record(state, TimelineEntry.mute(at, participant.id(), "AUDIO", true));
            }
            if (participant.videoMuted()) {
                record(state, TimelineEntry.mute(at, participant.id(), "VIDEO", true));
            }
        } else if (payload instanceof ParticipantLeft left) {
            state.participants.remove(left.getParticipantId());
            record(state, TimelineEntry.leave(at, left.getParticipantId()));
        } else if (payload instanceof MuteChanged mute) {
            Participant participant = state.participants.get(mute.getParticipantId());
            if (participant != null) {
                boolean audio = mute.getKind().name().equals("AUDIO");
                state.participants.put(participant.id(), audio ? participant.withAudioMuted(mute.getMuted())
                        : participant.withVideoMuted(mute.getMuted()));
            }
            record(state, TimelineEntry.mute(at, mute.getParticipantId(), mute.getKind().name(), mute.getMuted()));
        } else if (payload instanceof ActiveSpeakerChanged speaker) {
            state.activeSpeaker = speaker.getParticipantId();
            record(state, TimelineEntry.speaker(at, speaker.getParticipantId()));
        } else if (payload instanceof ChatMessage chat) {
            record(state, TimelineEntry.chat(at, chat.getFrom(), chat.getFromDisplayName(), chat.getTo(), chat.getText()));
        } else if (payload instanceof RecordingStarted started) {
            actions.add(start(state, event, started, at, nowMs));
        } else if (payload instanceof RecordingStopped stopped) {
            actions.add(state.recording(stopped.getRecordingId())
                    .filter(RecordingWindow::running)
                    .<Action>map(r -> new Action.StopRecording(r, at, "stopped"))
                    .orElse(new Action.Ignored("RecordingStopped for " + stopped.getRecordingId() + ", which is not recording")));
        } else if (payload instanceof MeetingEnded ended) {
            state.ended = true;
            for (RecordingWindow recording : state.recordings) {
                if (recording.running() && recording.stoppedAtMs == null) {
                    actions.add(new Action.StopRecording(recording, at, "meeting ended (" + ended.getReason() + ")"));
                }
            }
            state.participants.clear();
        }
        return actions;
    }

    private Action start(MeetingState state, MeetingEvent event, RecordingStarted started, long at, long nowMs) {
        String id = started.getRecordingId();
        if (state.finished(id) || state.recording(id).isPresent()) {
            return new Action.Ignored("RecordingStarted for " + id + " again (a replay)");
        }
        if (nowMs - at > maxStartAgeMs) {
            return new Action.Ignored("RecordingStarted for " + id + " is " + (nowMs - at) / 1000
                    + " s old, older than media.packets keeps its media");
        }
        RecordingWindow recording = new RecordingWindow();
        recording.recordingId = id;
        recording.accountId = event.getAccountId();
        recording.meetingId = event.getMeetingId();
        recording.hostUserId = state.hostUserId;
        recording.topic = state.topic;
        recording.startedAtMs = at;
        recording.transcribe = started.getTranscribe();
        recording.audioOnly = audioOnly || started.getAudioOnly();
        recording.layout = started.getLayout() == null ? null : started.getLayout().name();
        recording.initialParticipants = new ArrayList<>(state.participants.values());
        recording.initialSpeaker = state.activeSpeaker;
        state.recordings.add(recording);
        return new Action.StartRecording(recording);
    }

    private static void record(MeetingState state, TimelineEntry entry) {
        for (RecordingWindow recording : state.recordings) {
            if (recording.running() && (recording.stoppedAtMs == null || entry.atMs() <= recording.stoppedAtMs)) {
                recording.entries.add(entry);
            }
        }
    }
}
