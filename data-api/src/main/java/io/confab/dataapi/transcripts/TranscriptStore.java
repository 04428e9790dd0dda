package io.confab.dataapi.transcripts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where transcripts are read from: Cassandra's {@code transcripts_by_meeting} (a meeting's runs),
 * {@code transcript_segments_by_meeting} (one run in spoken order) and
 * {@code transcript_words_by_account} (the account's inverted word index), all written by the
 * transcription job (a transcript asked for after the fact is marked QUEUED here first).
 */
public interface TranscriptStore {

    /**
     * One transcribed run of a meeting.
     *
     * @param status   LIVE or READY for a meeting's own run; QUEUED, RUNNING, READY or FAILED for one asked for after the fact
     * @param progress 0..1 while a transcript asked for after the fact runs; null for live runs
     * @param error    why a transcript asked for after the fact FAILED; null otherwise
     */
    record Run(String meetingId, Instant meetingStartedAt, String accountId, String status, String recordingId, Float progress,
               String error) {
    }

    /** One final segment, offsets in milliseconds since the run's start. */
    record Line(String segmentId, String speakerParticipantId, String speaker, long startMs, long endMs, String text, String recordingId) {
    }

    /** A segment in which a searched word was said. */
    record Hit(String meetingId, Instant meetingStartedAt, String segmentId, String speakerParticipantId, String speaker, long startMs,
               long endMs, String text) {
    }

    /** The latest transcribed run of a meeting. */
    Optional<Run> latestRun(String meetingId);

    List<Line> segments(String meetingId, Instant meetingStartedAt);

    /** A transcript asked for after the fact, before the transcription job has taken it: status QUEUED. */
    void queued(String meetingId, Instant meetingStartedAt, String accountId, String recordingId);

    /**
     * A queued transcript whose request never reached the transcription job: status FAILED with
     * {@code error}, so its page does not say QUEUED for ever.
     */
    void failed(String meetingId, Instant meetingStartedAt, String error);

    /** The segments of the account in which {@code word} (normalized by SearchWords) was said, at most {@code limit}. */
    List<Hit> withWord(String accountId, String word, int limit);
}
