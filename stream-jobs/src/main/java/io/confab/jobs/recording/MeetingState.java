package io.confab.jobs.recording;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the recording mixer keeps of one meeting from meeting.events: who is in it and under which
 * name, the host, and its recordings. Participants must be followed even while nothing is recorded,
 * because a recording that starts later needs the names of those already there.
 */
public final class MeetingState {

    /** Finished recording ids remembered, so a replayed RecordingStarted does not record again. */
    static final int FINISHED_REMEMBERED = 32;

    public String accountId;
    public String hostUserId;
    public String topic;
    public Map<String, Participant> participants = new LinkedHashMap<>();
    public String activeSpeaker;
    public List<RecordingWindow> recordings = new ArrayList<>();
    public Deque<String> finishedRecordings = new ArrayDeque<>();
    /** The meeting ended (MeetingEnded seen) and has not started again. */
    public boolean ended;

    public MeetingState() {
    }

    public Optional<RecordingWindow> recording(String recordingId) {
        return recordings.stream().filter(r -> r.recordingId.equals(recordingId)).findFirst();
    }

    /** The running or draining recording that a packet arriving at {@code arrivalMicros} belongs to. */
    public Optional<RecordingWindow> recordingCovering(long arrivalMicros, long toleranceMs) {
        return recordings.stream().filter(r -> r.running() && r.covers(arrivalMicros, toleranceMs)).findFirst();
    }

    public boolean finished(String recordingId) {
        return finishedRecordings.contains(recordingId);
    }

    /** Forgets a recording that is finalized (or failed), remembering only its id. */
    public void retire(RecordingWindow recording) {
        recordings.remove(recording);
        finishedRecordings.addLast(recording.recordingId);
        while (finishedRecordings.size() > FINISHED_REMEMBERED) {
            finishedRecordings.removeFirst();
        }
    }
}
