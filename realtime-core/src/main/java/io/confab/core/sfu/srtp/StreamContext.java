package io.confab.core.sfu.srtp;

/**
 * What RFC 3711 §3.2.3 keeps per SSRC beside the shared master key: the RTP index state (which
 * also yields ROC and highest sequence number) and replay window, the SRTCP replay window, and on
 * the sending side the next SRTCP index.
 */
final class StreamContext {
    final ReplayWindow rtp = new ReplayWindow();
    final ReplayWindow rtcp = new ReplayWindow();
    /** Sending side only; counts up from 0 and is exhausted when it turns negative at 2^31. */
    int nextSrtcpIndex;
}
