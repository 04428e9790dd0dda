package io.confab.core.sfu;

import io.confab.core.sfu.bwe.SentPacketLog;

/**
 * Encrypts the written copy with the receiver's SRTP keys and hands it to the socket; notes it for
 * transport-cc (the sent-packet log) and for the forwarding-delay histogram.
 */
final class SrtpSend extends CountedStage<ForwardedCopy> {

    private final SfuCounters sfu;
    private final ForwardingDelay delay;
    private final byte[] out;

    SrtpSend(SfuCounters sfu, ForwardingDelay delay, byte[] out) {
        super("srtp_send", DropReason.SEND_FAILED);
        this.sfu = sfu;
        this.delay = delay;
        this.out = out;
    }

    @Override
    public boolean process(ForwardedCopy copy) {
        int length = copy.length;
        if (!copy.track.receiver.subscribe.sendRtp(out, 0, length)) {
            counters.drop(DropReason.SEND_FAILED);
            return false;
        }
        long now = copy.packet.now;
        copy.track.receiver.downlink.onSent(now, length, SentPacketLog.NO_CLUSTER);
        sfu.forwardedPackets.increment();
        sfu.forwardedBytes.add(length);
        delay.record(System.nanoTime() - now);
        return true;
    }
}
