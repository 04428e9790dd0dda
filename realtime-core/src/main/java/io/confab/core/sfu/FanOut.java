package io.confab.core.sfu;

import io.confab.core.sfu.rtp.AbsSendTime;

/**
 * The end of the receive path: one copy of the packet for every participant subscribed to its
 * publication, each run down the send path. Its time includes the send path's.
 */
final class FanOut extends CountedStage<ReceivedPacket> {

    private final StagePath<ForwardedCopy> send;
    private final ForwardedCopy copy;
    private final byte[] absSendTime;

    FanOut(StagePath<ForwardedCopy> send, ForwardedCopy scratch, byte[] absSendTime) {
        super("fan_out");
        this.send = send;
        this.copy = scratch;
        this.absSendTime = absSendTime;
    }

    @Override
    public boolean process(ReceivedPacket packet) {
        // Every copy of this packet leaves now: one abs-send-time for all its receivers.
        AbsSendTime.write(absSendTime, 0, packet.now);
        Publication publication = packet.publication();
        for (Participant receiver : publication.owner.conference.participants.values()) {
            DownTrack track = receiver.downTracks.get(publication);
            if (track != null) {
                send.run(copy.of(packet, track));
            }
        }
        return true;
    }
}
