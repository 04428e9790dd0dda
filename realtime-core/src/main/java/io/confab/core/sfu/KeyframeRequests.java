package io.confab.core.sfu;

import io.confab.core.sfu.rtcp.RtcpWriter;

/**
 * Asks a publisher for a key frame of one layer (PLI, RFC 4585 §6.3.1), at most once per
 * {@value #INTERVAL_MILLIS} ms per layer: every receiver switching to a layer, every PLI from a
 * receiver and the recording tap may want one at once, and one key frame serves them all.
 */
final class KeyframeRequests {

    static final long INTERVAL_MILLIS = 300;
    private static final long INTERVAL_NANOS = INTERVAL_MILLIS * 1_000_000L;

    private final SfuCounters sfu;
    private final byte[] rtcp;

    KeyframeRequests(SfuCounters sfu, byte[] rtcpScratch) {
        this.sfu = sfu;
        this.rtcp = rtcpScratch;
    }

    void request(Publication.Layer layer, long now) {
        Participant owner = layer.publication.owner;
        if (!layer.ssrcKnown || owner.publish == null || now - layer.lastKeyframeRequestNanos < INTERVAL_NANOS) {
            return;
        }
        layer.lastKeyframeRequestNanos = now;
        int length = RtcpWriter.writePli(rtcp, 0, owner.rtcpSsrc, layer.ssrc);
        if (owner.publish.sendRtcp(rtcp, 0, length)) {
            sfu.keyframeRequests.increment();
        }
    }

    /** A receiver lost the picture of a down track (PLI or FIR): the layer it gets, or is about to get. */
    void requestFor(DownTrack track, long now) {
        if (track == null || !track.isVideo()) {
            return;
        }
        int layer = track.currentLayer >= 0 ? track.currentLayer : track.targetLayer;
        if (layer >= 0) {
            request(track.source.layers.get(layer), now);
        }
    }
}
