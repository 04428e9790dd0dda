package io.confab.core.sfu;

/**
 * Keeps each incoming layer's books: when it last had a packet (the allocator's "active"), the
 * RFC 3550 receive statistics behind our receiver reports, the NACK generator's view of gaps, and
 * the measured bitrate.
 */
final class ReceiveStatisticsUpdate extends CountedStage<ReceivedPacket> {

    ReceiveStatisticsUpdate() {
        super("receive_statistics");
    }

    @Override
    public boolean process(ReceivedPacket packet) {
        Publication.Layer layer = packet.layer;
        long now = packet.now;
        int sequence = packet.rtp.sequenceNumber();
        layer.lastPacketNanos = now;
        layer.statistics.onPacket(sequence, packet.rtp.timestamp(), now, packet.length);
        layer.nacks.onPacket(sequence, now);
        layer.bitrate.add(now, packet.length);
        return true;
    }
}
