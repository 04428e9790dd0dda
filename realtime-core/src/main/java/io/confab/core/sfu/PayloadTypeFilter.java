package io.confab.core.sfu;

/** Lets on only the payload type the publication negotiated (after RTX unwrap): the receivers were offered that codec alone. */
final class PayloadTypeFilter extends CountedStage<ReceivedPacket> {

    private final SfuCounters sfu;

    PayloadTypeFilter(SfuCounters sfu) {
        super("payload_type_filter", PacketDropReason.UNKNOWN_PAYLOAD_TYPE);
        this.sfu = sfu;
    }

    @Override
    public boolean process(ReceivedPacket packet) {
        Publication publication = packet.publication();
        if (publication.codec == null || packet.rtp.payloadType() != publication.codec.payloadType()) {
            sfu.unknownPayloadType.increment();
            counters.drop(PacketDropReason.UNKNOWN_PAYLOAD_TYPE);
            return false;
        }
        return true;
    }
}
