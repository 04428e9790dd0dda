package io.confab.core.sfu;

import io.confab.core.sfu.bwe.SentPacketLog;

/**
 * Encrypts the written copy with the receiver's SRTP keys, from where copy_writer wrote it into the
 * out buffer, and hands it to the socket; notes it for
 * transport-cc (the sent-packet log) and for the forwarding-delay histogram: at once when the socket
 * sends at once, at the socket's flush when it batches (the copy's real departure).
 */
final class SrtpSend extends CountedStage<ForwardedCopy> {

    private final SfuCounters sfu;
    private final ForwardingDelay delay;
    private final byte[] out;
    private final boolean batched;

    /** @param batched the socket queues sends until its flush, which then reports to {@code delay} ({@link ForwardingDelay#flushed}) */
    SrtpSend(SfuCounters sfu, ForwardingDelay delay, byte[] out, boolean batched) {
        super("srtp_send", PacketDropReason.SEND_FAILED);
        this.sfu = sfu;
        this.delay = delay;
        this.out = out;
        this.batched = batched;
    }

    @Override
    public boolean process(ForwardedCopy copy) {
        int length = copy.length;
        if (!copy.track.receiver.subscribe.sendRtp(copy.plain, length, out)) {
            counters.drop(PacketDropReason.SEND_FAILED);
            return false;
        }
        long now = copy.packet.now;
        copy.track.receiver.downlink.onSent(now, length, SentPacketLog.NO_CLUSTER);
        sfu.forwardedPackets.increment();
        sfu.forwardedBytes.add(length);
        if (batched) {
            delay.queued(now);
        } else {
            delay.record(System.nanoTime() - now);
        }
        return true;
    }
}
