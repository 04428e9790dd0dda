package io.confab.jobs.track;

import io.confab.media.rtp.JitterBuffer;
import io.confab.storage.events.MediaPacket;

/**
 * A track's way in, audio or video alike: each tapped packet placed on the track's
 * {@link MediaClock} and held in a jitter buffer (what it does with the packet counted), then
 * released in order when its turn comes. A recording waits at each stream's start for packets
 * overtaken by later ones: the key frame.
 */
final class TrackJitter {

    private final MediaClock clock;
    private final JitterBuffer<TimedPacket> jitter = new JitterBuffer<>(JitterBuffer.Config.defaults().withHoldAtStart());
    private final TrackCounters counters;

    TrackJitter(MediaClock clock, TrackCounters counters) {
        this.clock = clock;
        this.counters = counters;
    }

    void offer(MediaPacket packet, long arrivalMicros) {
        long media = clock.observe(packet.getSsrc(), packet.getRtpTimestamp(), arrivalMicros);
        counters.count(jitter.offer(packet.getSsrc(), packet.getSequenceNumber(), arrivalMicros, new TimedPacket(packet, media)));
    }

    /** The next packet whose turn has come by {@code nowMicros}, or null. */
    JitterBuffer.Released<TimedPacket> poll(long nowMicros) {
        return jitter.poll(nowMicros);
    }
}
