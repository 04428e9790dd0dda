package io.confab.core.sfu;

/**
 * One receiver's copy of a received packet on the send path: the packet and the down track it
 * goes out on, plus what the header writer produced. One instance, reused on the media thread.
 */
final class ForwardedCopy {

    ReceivedPacket packet;
    DownTrack track;
    /**
     * Where the header writer wrote the copy in clear, from index 0: the down track's NACK history
     * slot for video, so the history needs no copy of its own, else the context's {@code out}
     * buffer. srtp_send encrypts it from there into {@code out}.
     */
    byte[] plain;
    /** Length of the written copy, set by the header writer. */
    int length;

    ForwardedCopy of(ReceivedPacket packet, DownTrack track) {
        this.packet = packet;
        this.track = track;
        this.plain = null;
        this.length = 0;
        return this;
    }
}
