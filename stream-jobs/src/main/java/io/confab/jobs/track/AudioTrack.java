package io.confab.jobs.track;

import io.confab.media.codec.OpusDecoder;
import io.confab.media.rtp.JitterBuffer;
import java.util.ArrayDeque;

/**
 * One participant's tapped Opus track turned into 48 kHz mono PCM on the recording's timeline:
 * jitter buffer (order, RTX duplicates out) → Opus decode (libopus concealment for what was lost)
 * → {@link PcmTimeline} at the packet's media time.
 *
 * <p>A track may be given a {@link SilentPackets} rule (the transcriber's): packets whose sender
 * said they are silent are then not decoded and leave their place on the timeline unwritten (a
 * reader takes it as digital silence). They still pass the jitter buffer and keep the track's
 * place: the next decoded packet is placed by its RTP time as before, and concealment does not
 * mistake the skipped span for a loss. When sound resumes, the last {@value #WARM_UP_PACKETS}
 * skipped packets are decoded first, so that libopus continues from what the sender coded just
 * before, not from the audio before the silence. The recording mixer gives no rule: a recording
 * keeps its silence as it was sent.
 */
public final class AudioTrack extends ParticipantTrack {

    public static final int SAMPLE_RATE = OpusDecoder.SAMPLE_RATE;
    /** Audio is kept this far ahead of the mix: the render latency plus room for bursts. */
    static final int WINDOW_SAMPLES = SAMPLE_RATE * 8;
    /**
     * Skipped packets decoded again ahead of the first sounding one: 40 ms covers what libopus
     * carries from one frame to the next (CELT's overlap and pitch pre-filter, SILK's LPC and
     * long-term prediction history, all under 20 ms of audio).
     */
    static final int WARM_UP_PACKETS = 2;

    private final long t0Micros;
    private final OpusDecoder decoder = new OpusDecoder(1);
    private final PcmTimeline timeline = new PcmTimeline(WINDOW_SAMPLES);
    private final TrackCounters counters;
    private final SilentPackets silent;
    private final ArrayDeque<TimedPacket> skipped = new ArrayDeque<>(WARM_UP_PACKETS);
    private long nextSample = -1;
    private int lastFrameSamples = 960;

    /**
     * @param t0Micros  the recording's time zero (epoch microseconds)
     * @param fromSample the mix's current position: nothing before it is kept
     */
    public AudioTrack(String participantId, int clockRate, long t0Micros, long fromSample, TrackCounters counters) {
        this(participantId, clockRate, t0Micros, fromSample, MediaClock.AUDIO_TOLERANCE_MICROS, counters);
    }

    /**
     * @param toleranceMicros how far the sender's clock may stray from the SFU's before the track is
     *                        placed again (a gap or an overlap on the timeline): see {@link MediaClock}
     */
    public AudioTrack(String participantId, int clockRate, long t0Micros, long fromSample, long toleranceMicros, TrackCounters counters) {
        this(participantId, clockRate, t0Micros, fromSample, toleranceMicros, counters, SilentPackets.NONE);
    }

    /** @param silent which packets are not decoded ({@link SilentPackets#NONE}: every one is) */
    public AudioTrack(String participantId, int clockRate, long t0Micros, long fromSample, long toleranceMicros, TrackCounters counters,
                      SilentPackets silent) {
        super(participantId, new MediaClock(clockRate, toleranceMicros), counters);
        this.silent = silent;
        this.t0Micros = t0Micros;
        this.counters = counters;
        timeline.startAt(fromSample);
    }

    public PcmTimeline timeline() {
        return timeline;
    }

    /** Decodes the packet onto the timeline (or skips it, when silent and told to), concealing what was lost before it. */
    @Override
    void release(JitterBuffer.Released<TimedPacket> released) {
        long at = sampleOf(released.packet());
        if (silent.isSilent(released.packet().packet())) {
            skip(released, at);
            return;
        }
        warmUp();
        if (released.lostBefore() > 0 && !released.streamStart() && nextSample >= 0) {
            counters.lost += released.lostBefore();
            int missing = (int) Math.min(SAMPLE_RATE, Math.max(0, at - nextSample));
            if (missing > 0) {
                short[] concealed = decoder.conceal(missing);
                counters.concealedSamples += missing;
                timeline.write(nextSample, concealed, 0, missing);
            }
        }
        decode(released.packet(), at);
    }

    private void skip(JitterBuffer.Released<TimedPacket> released, long at) {
        counters.silentSkipped++;
        if (released.lostBefore() > 0 && !released.streamStart() && nextSample >= 0) {
            counters.lost += released.lostBefore();
        }
        if (skipped.size() == WARM_UP_PACKETS) {
            skipped.pollFirst();
        }
        skipped.addLast(released.packet());
        // A sender keeps its frame length through a pause (RFC 7587 senders change it rarely):
        // the last decoded one stands for the skipped packet's, so a later loss is measured right.
        nextSample = at + lastFrameSamples;
    }

    private void warmUp() {
        while (!skipped.isEmpty()) {
            TimedPacket packet = skipped.pollFirst();
            counters.silentSkipped--;
            counters.silentWarmUps++;
            decode(packet, sampleOf(packet));
        }
    }

    /** Where a packet's audio starts on the timeline, in samples from {@code t0}. */
    private long sampleOf(TimedPacket packet) {
        return Math.floorDiv((packet.mediaMicros() - t0Micros) * SAMPLE_RATE, 1_000_000L);
    }

    private void decode(TimedPacket packet, long at) {
        OpusDecoder.Result result = decoder.decode(packet.payload());
        counters.packetsDecoded++;
        if (result instanceof OpusDecoder.Result.Pcm pcm) {
            timeline.write(at, pcm.pcm(), 0, pcm.samplesPerChannel());
            lastFrameSamples = pcm.samplesPerChannel();
            nextSample = at + lastFrameSamples;
        } else {
            counters.undecodable++;
        }
    }

    @Override
    public void close() {
        decoder.close();
    }
}
