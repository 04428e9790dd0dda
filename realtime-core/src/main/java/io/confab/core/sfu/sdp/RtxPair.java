package io.confab.core.sfu.sdp;

/** A media SSRC and the SSRC of its retransmission stream, from {@code a=ssrc-group:FID} (RFC 4588 §8.7). */
public record RtxPair(long mediaSsrc, long rtxSsrc) {
}
