package io.confab.core.sfu.rtp;

import io.confab.core.wire.NetworkOrder;

/**
 * The transport-wide sequence number element (draft-holmer-rmcat-transport-wide-cc-extensions-01
 * §2): 16 bits counting every packet on a transport, whatever its SSRC. The SFU rewrites it on each
 * outgoing packet with its own per-transport counter, so it is read and written in place.
 */
public final class TransportWideSequenceNumber {
    public static final int LENGTH = 2;

    private TransportWideSequenceNumber() {
    }

    public static int read(byte[] packet, int dataOffset) {
        return NetworkOrder.readShort(packet, dataOffset);
    }

    public static int write(byte[] packet, int dataOffset, int sequenceNumber) {
        NetworkOrder.writeShort(packet, dataOffset, sequenceNumber);
        return LENGTH;
    }
}
