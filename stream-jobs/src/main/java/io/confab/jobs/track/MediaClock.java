package io.confab.jobs.track;

import io.confab.media.rtp.SerialNumberUnwrapper;
import java.util.ArrayDeque;

/**
 * Places one track's RTP timestamps on the SFU's wall clock, so audio and video of everyone land
 * on one timeline. Per SSRC, media time = RTP time + offset, where the offset is the smallest
 * (arrival − RTP time) seen recently: the least-delayed packet is the best estimate of when a frame
 * was sent, and jitter only ever makes a packet later.
 *
 * <p>"Recently" is a sliding window of {@value #WINDOW_MICROS} µs, so the offset follows a sender
 * whose RTP clock runs at a slightly different rate from the SFU's (a camera pipeline that stamps
 * frames at a nominal 30 fps while delivering 29.7 drifts 1% a second, and the picture would slide
 * away from the sound). The offset settles during the first second of a stream; after that it moves
 * only when the windowed minimum is more than the track's tolerance away from it: 0 for video
 * (frames are placed, a few ms either way is invisible), {@value #AUDIO_TOLERANCE_MICROS} µs for audio,
 * where every move is a tiny gap or overlap on the timeline.
 */
public final class MediaClock {

    static final long SETTLE_MICROS = 1_000_000;
    static final long WINDOW_MICROS = 2_000_000;
    public static final long AUDIO_TOLERANCE_MICROS = 20_000;
    public static final long VIDEO_TOLERANCE_MICROS = 0;
    /**
     * No tolerance at all: the stream stays where its first packet put it, every later packet placed
     * by its RTP time alone. For a track heard on its own (transcription), where being in step with
     * other tracks matters less than hearing exactly the samples the sender coded.
     */
    public static final long ANCHORED_ONCE = Long.MAX_VALUE;

    private record Sample(long arrival, long offset) { }

    private final int clockRate;
    private final long tolerance;
    private final SerialNumberUnwrapper unwrapper = SerialNumberUnwrapper.rtpTimestamps();
    /** Candidates in arrival order with increasing offsets: the head is the window's minimum. */
    private final ArrayDeque<Sample> window = new ArrayDeque<>();
    private long ssrc = -1;
    private long offset;
    private long firstArrival;

    public MediaClock(int clockRate, long toleranceMicros) {
        this.clockRate = clockRate;
        this.tolerance = toleranceMicros;
    }

    /** Media time (epoch microseconds) of a packet with {@code rtpTimestamp} that arrived at {@code arrivalMicros}. */
    public long observe(long packetSsrc, long rtpTimestamp, long arrivalMicros) {
        if (packetSsrc != ssrc) {
            ssrc = packetSsrc;
            unwrapper.reset();
            window.clear();
            long rtp = rtpMicros(unwrapper.unwrap(rtpTimestamp));
            offset = arrivalMicros - rtp;
            firstArrival = arrivalMicros;
            window.addLast(new Sample(arrivalMicros, offset));
            return arrivalMicros;
        }
        long rtp = rtpMicros(unwrapper.unwrap(rtpTimestamp));
        if (tolerance == ANCHORED_ONCE) {
            return offset + rtp;
        }
        long candidate = arrivalMicros - rtp;
        while (!window.isEmpty() && window.peekLast().offset() >= candidate) {
            window.pollLast();
        }
        window.addLast(new Sample(arrivalMicros, candidate));
        while (window.peekFirst().arrival() < arrivalMicros - WINDOW_MICROS) {
            window.pollFirst();
        }
        long minimum = window.peekFirst().offset();
        if (arrivalMicros - firstArrival < SETTLE_MICROS) {
            offset = Math.min(offset, minimum);
        } else if (Math.abs(minimum - offset) > tolerance) {
            offset = minimum;
        }
        return offset + rtp;
    }

    private long rtpMicros(long extendedTimestamp) {
        return Math.floorDiv(extendedTimestamp * 1_000_000L, clockRate);
    }
}
