package io.confab.core.sfu;

import io.confab.core.sfu.transport.PeerTransport;

/** Copies go out only over a subscribe transport with SRTP keys; before that (or after it closed) there is nowhere to send. */
final class ReceiverConnected extends CountedStage<ForwardedCopy> {

    ReceiverConnected() {
        super("receiver_connected", PacketDropReason.RECEIVER_NOT_CONNECTED);
    }

    @Override
    public boolean process(ForwardedCopy copy) {
        PeerTransport transport = copy.track.receiver.subscribe;
        if (transport == null || transport.state() != PeerTransport.State.SECURE) {
            counters.drop(PacketDropReason.RECEIVER_NOT_CONNECTED);
            return false;
        }
        return true;
    }
}
