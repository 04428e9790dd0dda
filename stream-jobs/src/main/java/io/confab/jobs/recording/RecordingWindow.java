package io.confab.jobs.recording;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One cloud recording of a meeting, from RecordingStarted to RecordingStopped (or the meeting's end,
 * or an idle timeout), as kept in the mixer's keyed state. Media time inside it is counted from
 * {@link #startedAtMs}: the output's time zero.
 *
 * <p>Mutable: it is the operator's state and changes with every event and every finished segment;
 * it is serialized whole into Flink state (JSON) after each change.
 */
public final class RecordingWindow {

    public enum Status { RECORDING, READY, FAILED }

    public String recordingId;
    public String accountId;
    public String meetingId;
    public String hostUserId;
    public String topic;
    public long startedAtMs;
    /** When the recording stopped (stop, meeting end or idle); null while it runs. */
    public Long stoppedAtMs;
    public String stopReason;
    public boolean transcribe;
    public boolean audioOnly;
    /** The host's layout for this recording ("GALLERY" or "SPEAKER"); null for the job's default. */
    public String layout;
    public Status status = Status.RECORDING;
    /** Who was in the meeting when the recording started. */
    public List<Participant> initialParticipants = new ArrayList<>();
    public String initialSpeaker;
    /** What happened during the recording, in the order the events were read. */
    public List<TimelineEntry> entries = new ArrayList<>();
    /** Segments 0 .. completedSegments-1 are in S3. */
    public int completedSegments;
    /** Participant id to the first segment that has their own audio track. */
    public Map<String, Integer> trackFirstSegment = new LinkedHashMap<>();
    /** Offsets (ms from the start) of the thumbnails already in S3. */
    public List<Long> thumbnails = new ArrayList<>();
    /** Where in the recording (ms from its start) the poster was taken; null until it is in S3. */
    public Long posterAtMs;
    /** Every segment, the last included, is in S3: only the files remain to be made (by the {@code RecordingFinisher}). */
    public boolean rendered;
    /** Failed attempts at rendering the last segment; the recording fails after {@code RecordingMixer.RENDER_RETRIES}. */
    public int finalizeAttempts;
    /** When the next attempt may run (epoch ms of the task's clock); null for at once. */
    public Long retryAtMs;
    /** Latest packet arrival time seen, epoch microseconds; 0 before the first. */
    public long lastArrivalMicros;

    public RecordingWindow() {
    }

    public boolean running() {
        return status == Status.RECORDING;
    }

    /** Whether a packet that reached the SFU at {@code arrivalMicros} belongs to this recording. */
    public boolean covers(long arrivalMicros, long toleranceMs) {
        long atMs = arrivalMicros / 1000;
        return atMs >= startedAtMs - toleranceMs && (stoppedAtMs == null || atMs <= stoppedAtMs + toleranceMs);
    }

    /**
     * Marks the recording FAILED and says why in the log and, when Cassandra takes it, in its row:
     * the mixer (rendering) and the finisher (making the files) give up the same way.
     */
    public void markFailed(io.confab.jobs.recording.output.RecordingStore store, String why) {
        status = Status.FAILED;
        FAILURES.error("recording {} of meeting {} FAILED: {}", recordingId, meetingId, why);
        try {
            store.recordingRow(this, participantNames(), null);
        } catch (RuntimeException e) {
            FAILURES.error("recording {}: cannot record its failure in Cassandra either: {}", recordingId, e.toString());
        }
    }

    private static final org.slf4j.Logger FAILURES = org.slf4j.LoggerFactory.getLogger("io.confab.jobs.recording.RecordingFailure");

    /** The names of everyone who was in the recording, in the order they came, each once. */
    public List<String> participantNames() {
        Map<String, String> names = new LinkedHashMap<>();
        initialParticipants.forEach(p -> names.put(p.id(), p.name()));
        entries.stream().filter(e -> e.type() == TimelineEntry.Type.JOIN).forEach(e -> names.put(e.participantId(), e.name()));
        return new ArrayList<>(new java.util.LinkedHashSet<>(names.values()));
    }

    /** Milliseconds from the recording's start to its stop; -1 while it runs. */
    public long durationMs() {
        return stoppedAtMs == null ? -1 : Math.max(0, stoppedAtMs - startedAtMs);
    }
}
