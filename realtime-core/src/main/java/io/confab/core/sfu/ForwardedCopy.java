package io.confab.core.sfu;

/**
 * One receiver's copy of a received packet on the send path: the packet and the down track it
 * goes out on, plus what the header writer produced. One instance, reused on the media thread.
 */
final class ForwardedCopy {

    ReceivedPacket packet;
    DownTrack track;
    /** Length of the written copy in the context's {@code out} buffer, set by the header writer. */
    int length;

    ForwardedCopy of(ReceivedPacket packet, DownTrack track) {
        this.packet = packet;
        this.track = track;
        this.length = 0;
        return this;
    }
}
