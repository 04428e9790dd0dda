package io.confab.core.sfu.rtcp;

/** One RTCP packet of a compound packet (RFC 3550 §6.1), of a kind Confab reads and writes. */
public sealed interface RtcpPacket permits SenderReport, ReceiverReport, SourceDescription, Goodbye,
        GenericNack, TransportFeedback, PictureLossIndication, FullIntraRequest, Remb {
}
