package io.confab.jobs.track;

import io.confab.media.rtp.JitterBuffer;
import io.confab.storage.events.MediaPacket;

/**
 * One participant's tapped track, audio or video alike: packets go in through its
 * {@link TrackJitter} and each comes out, in order and when its turn has come, to what the track's
 * kind makes of it ({@link AudioTrack}: PCM on a timeline, {@link VideoTrack}: whole VP8 frames).
 */
public abstract class ParticipantTrack implements AutoCloseable {

    private final String participantId;
    private final TrackJitter jitter;

    ParticipantTrack(String participantId, MediaClock clock, TrackCounters counters) {
        this.participantId = participantId;
        this.jitter = new TrackJitter(clock, counters);
    }

    public final String participantId() {
        return participantId;
    }

    public final void offer(MediaPacket packet, long arrivalMicros) {
        jitter.offer(packet, arrivalMicros);
    }

    /** Hands every packet whose turn has come by {@code nowMicros} to the track, in order. */
    public final void drain(long nowMicros) {
        JitterBuffer.Released<TimedPacket> released;
        while ((released = jitter.poll(nowMicros)) != null) {
            release(released);
        }
    }

    /** One packet in its turn, with what the jitter buffer knows of those before it (lost, a new stream). */
    abstract void release(JitterBuffer.Released<TimedPacket> released);

    @Override
    public abstract void close();
}
