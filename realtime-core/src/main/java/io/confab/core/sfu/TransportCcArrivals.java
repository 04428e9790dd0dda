package io.confab.core.sfu;

import io.confab.core.sfu.rtp.RtpPacket;
import io.confab.core.sfu.rtp.TransportWideSequenceNumber;

/**
 * Notes each packet's transport-wide sequence number for the transport-cc feedback the publisher
 * gets every 60 ms. Every packet on the transport counts, whatever its SSRC: RTX and padding too,
 * which is why this runs before the layer is known.
 */
final class TransportCcArrivals extends CountedStage<ReceivedPacket> {

    TransportCcArrivals() {
        super("transport_cc_arrivals");
    }

    @Override
    public boolean process(ReceivedPacket packet) {
        Participant sender = packet.sender;
        if (sender.arrivals != null) {
            RtpPacket rtp = packet.rtp;
            int at = rtp.findExtension(sender.publishTransportCcExtension);
            if (at != RtpPacket.NOT_FOUND && rtp.extensionLength(at) == TransportWideSequenceNumber.LENGTH) {
                sender.arrivals.onPacket(TransportWideSequenceNumber.read(packet.buffer, at), packet.now);
            }
        }
        return true;
    }
}
