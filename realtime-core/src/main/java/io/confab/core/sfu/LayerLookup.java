package io.confab.core.sfu;

import io.confab.core.sfu.rtp.RtpPacket;
import io.confab.core.sfu.rtp.StreamIdentifier;

/**
 * Finds the publication and simulcast layer a packet belongs to: by its SSRC once known, else by
 * its mid (RFC 9143) and rid or repaired rid (RFC 8852) header extensions, or its payload type,
 * which binds the SSRC for the packets after it. Marks RTX packets (RFC 4588) for the unwrap.
 */
final class LayerLookup extends CountedStage<ReceivedPacket> {

    private final SfuCounters sfu;

    LayerLookup(SfuCounters sfu) {
        super("layer_lookup", PacketDropReason.UNKNOWN_SSRC);
        this.sfu = sfu;
    }

    @Override
    public boolean process(ReceivedPacket packet) {
        Participant sender = packet.sender;
        int ssrc = packet.rtp.ssrc();
        Publication.Layer layer = sender.layersBySsrc.get(ssrc);
        if (layer == null) {
            layer = sender.rtxBySsrc.get(ssrc);
            if (layer == null) {
                layer = identify(sender, packet.rtp);
                if (layer == null) {
                    sfu.unknownSsrc.increment();
                    counters.drop(PacketDropReason.UNKNOWN_SSRC);
                    return false;
                }
            }
        }
        packet.layer = layer;
        packet.retransmission = sender.rtxBySsrc.get(ssrc) == layer;
        return true;
    }

    /** A packet from an SSRC not seen before: its mid and rid (or payload type) say which layer it is. */
    private static Publication.Layer identify(Participant sender, RtpPacket packet) {
        Publication publication = null;
        for (Publication candidate : sender.publications.values()) {
            if (candidate.midExtension > 0) {
                int at = packet.findExtension(candidate.midExtension);
                if (at != RtpPacket.NOT_FOUND) {
                    publication = sender.publications.get(
                            StreamIdentifier.read(packet.buffer(), at, packet.extensionLength(at)));
                }
                break;
            }
        }
        if (publication == null) {
            for (Publication candidate : sender.publications.values()) {
                boolean media = candidate.codec != null && candidate.codec.payloadType() == packet.payloadType();
                if (media || candidate.rtxPayloadType == packet.payloadType()) {
                    publication = candidate;
                    break;
                }
            }
        }
        if (publication == null) {
            return null;
        }
        boolean rtx = packet.payloadType() == publication.rtxPayloadType;
        Publication.Layer layer;
        if (publication.layers.size() == 1) {
            layer = publication.layers.get(0);
        } else {
            int extension = rtx ? publication.repairedRidExtension : publication.ridExtension;
            int at = extension > 0 ? packet.findExtension(extension) : RtpPacket.NOT_FOUND;
            if (at == RtpPacket.NOT_FOUND) {
                return null;
            }
            layer = publication.layerByRid(StreamIdentifier.read(packet.buffer(), at, packet.extensionLength(at))).orElse(null);
        }
        if (layer == null) {
            return null;
        }
        if (rtx) {
            sender.bindRtx(packet.ssrc(), layer);
        } else {
            sender.bind(packet.ssrc(), layer);
        }
        return layer;
    }
}
