package io.confab.core.sfu;

import io.confab.core.sfu.rtcp.RtcpCompound;

/** A decrypted RTCP compound from a peer, as the RTCP paths learn about it. One instance per path, reused on the media thread. */
final class ReceivedRtcp {

    Participant from;
    byte[] buffer;
    int length;
    long now;
    /** Set by the parse stage. */
    RtcpCompound compound;

    ReceivedRtcp reset(Participant from, byte[] buffer, int length, long now) {
        this.from = from;
        this.buffer = buffer;
        this.length = length;
        this.now = now;
        this.compound = null;
        return this;
    }
}
