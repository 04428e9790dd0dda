package io.confab.jobs.track;

/**
 * What happened to one recording's packets in its tracks: the engine sums them over its tracks and
 * the operator exports them. Plain longs: one engine runs on one task thread.
 */
public final class TrackCounters {
    public long packets;
    public long duplicates;
    public long late;
    public long lost;
    public long overflow;
    public long undecodable;
    public long concealedSamples;
    public long framesDecoded;
    public long framesDropped;
    public long unsupportedCodec;
    public long codecChanges;
    /** Audio packets handed to the Opus decoder (warm-ups included). */
    public long packetsDecoded;
    /** Audio packets left undecoded because their sender said they were silent ({@link SilentPackets}). */
    public long silentSkipped;
    /** Skipped packets decoded after all, just before sound resumed (the decoder's warm-up). */
    public long silentWarmUps;

    /** Counts what a track's jitter buffer did with one offered packet. */
    void count(io.confab.media.rtp.JitterBuffer.Offer offer) {
        switch (offer) {
            case DUPLICATE -> duplicates++;
            case LATE -> late++;
            case OVERFLOW -> overflow++;
            case ACCEPTED -> packets++;
        }
    }
}
