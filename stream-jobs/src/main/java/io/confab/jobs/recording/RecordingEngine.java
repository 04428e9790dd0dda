package io.confab.jobs.recording;

import io.confab.storage.events.MediaPacket;
import java.io.IOException;

/**
 * One recording's media work, kept in the task's memory: decoding the tapped tracks, mixing,
 * compositing, encoding, and writing finished segments and thumbnails to storage. Everything it
 * writes is named by the recording and the segment number, so an engine rebuilt after a crash
 * (from the segment number and the packets kept in Flink state) overwrites what the lost one wrote.
 */
public interface RecordingEngine extends AutoCloseable {

    /** Takes one tapped packet of the recording (any order; duplicates allowed). */
    void offer(MediaPacket packet);

    /** Renders the output up to {@code horizonMicros} (epoch microseconds), writing every segment it completes. */
    void advance(long horizonMicros) throws IOException;

    /** Renders up to {@code endMicros} and writes the last, partial segment. */
    void finish(long endMicros) throws IOException;

    /** Segments 0 .. n-1 are written. */
    int completedSegments();

    /** The output time (epoch microseconds) rendered so far. */
    long renderedMicros();

    /** Copies what this engine learned into the recording's state (tracks, thumbnails). */
    void describeInto(RecordingWindow recording);

    @Override
    void close();

    /** Makes engines; serializable so the operator carries it to the task managers. */
    interface Factory extends java.io.Serializable {
        /**
         * An engine for {@code recording} that starts at segment {@code recording.completedSegments},
         * adding what happens to its packets to {@code counters} (shared by the operator's engines).
         */
        RecordingEngine create(RecordingWindow recording, MixerConfig config, io.confab.jobs.recording.output.RecordingStore store,
                               io.confab.jobs.track.TrackCounters counters);
    }
}
