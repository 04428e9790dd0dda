package io.confab.jobs.transcription;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The transcription job's counters, exported through Flink's metric system: every event and packet
 * is counted where it ends, and so is every kind of bad input (undecodable records and Opus,
 * packets of meetings nobody transcribes, runs ended by the idle timeout).
 */
final class TranscriberCounters {
    final Counter events;
    final Counter eventsUndecodable;
    final Counter eventsIgnored;
    final Counter packets;
    final Counter packetsUndecodable;
    final Counter packetsNotAudio;
    final Counter packetsNotTranscribed;
    final Counter packetsHeld;
    final Counter packetsHeldExpired;
    final Counter opusUndecodable;
    final Counter packetsLost;
    /** Packets that came after their place on the timeline had been heard: concealed, then dropped. */
    final Counter packetsLate;
    final Counter segments;
    final Counter captions;
    final Counter segmentsReplayed;
    final Counter segmentsDuplicateDropped;
    final Counter tracksFinished;
    final Counter transcriptsWritten;
    final Counter transcriptsFailed;
    final Counter runsIdleTimedOut;
    final Counter framesDropped;
    /** Packets never decoded because their RFC 6464 level said silence (counted when their track ends). */
    final Counter packetsSilent;
    /** 20 ms frames given to the recognizer side as digital silence, past the resampler and the VAD. */
    final Counter framesSilent;
    /** Audio the recognizer side received, in ms (20 ms frames, silence included), counted when its track ends. */
    final Counter audioInMs;
    /** Records written to a dead-letter topic with their reason (undecodable events and packets, records without a key). */
    final Counter deadLetters;
    /**
     * The newest audio packet's delay from its arrival at the SFU to this operator, in ms: the tap,
     * Kafka and the job's own queue. Read beside a caption's latency, it says whether the job waits
     * for its input or works on it.
     */
    volatile long packetDelayMs;
    /** Of that: from the SFU's arrival to the tap's send to Kafka (the record's timestamp). */
    volatile long tapDelayMs;
    /** And from the tap's send to this operator: the broker, the source's fetch and its queue. */
    volatile long sourceDelayMs;

    TranscriberCounters(MetricGroup group) {
        MetricGroup g = group.addGroup("confab_transcription");
        events = g.counter("events");
        eventsUndecodable = g.counter("events_undecodable");
        eventsIgnored = g.counter("events_ignored");
        packets = g.counter("packets");
        packetsUndecodable = g.counter("packets_undecodable");
        packetsNotAudio = g.counter("packets_not_audio");
        packetsNotTranscribed = g.counter("packets_not_transcribed");
        packetsHeld = g.counter("packets_held");
        packetsHeldExpired = g.counter("packets_held_expired");
        opusUndecodable = g.counter("opus_undecodable");
        packetsLost = g.counter("packets_lost");
        packetsLate = g.counter("packets_late");
        segments = g.counter("segments");
        captions = g.counter("captions");
        segmentsReplayed = g.counter("segments_replayed_skipped");
        segmentsDuplicateDropped = g.counter("segments_shared_voice_dropped");
        tracksFinished = g.counter("tracks_finished");
        transcriptsWritten = g.counter("transcripts_written");
        transcriptsFailed = g.counter("transcripts_failed");
        runsIdleTimedOut = g.counter("runs_idle_timed_out");
        framesDropped = g.counter("frames_dropped");
        packetsSilent = g.counter("packets_silent_skipped");
        framesSilent = g.counter("frames_silent");
        audioInMs = g.counter("audio_in_ms");
        deadLetters = g.counter("dead_letters");
        g.gauge("packet_delay_ms", () -> packetDelayMs);
        g.gauge("tap_delay_ms", () -> tapDelayMs);
        g.gauge("source_delay_ms", () -> sourceDelayMs);
    }
}
