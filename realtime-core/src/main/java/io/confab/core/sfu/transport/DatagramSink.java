package io.confab.core.sfu.transport;

import java.net.InetSocketAddress;

/** Where the media port hands every datagram, on the media thread. */
public interface DatagramSink {

    /**
     * One datagram in {@code buffer[0, length)}. The buffer is reused for the next datagram as soon as
     * this returns, and it has {@link MediaSocket#SPARE} bytes of room after {@code length} so SRTP can
     * work in place.
     */
    void onDatagram(byte[] buffer, int length, InetSocketAddress from);

    /** Called after a batch of datagrams, when sends queued meanwhile should go out. */
    default void onBatchEnd() {
    }

    /** Called right after queued sends were handed to the kernel (batched sends only). */
    default void onFlushed() {
    }
}
