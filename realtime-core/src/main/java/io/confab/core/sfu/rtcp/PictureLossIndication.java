package io.confab.core.sfu.rtcp;

/** PLI (RFC 4585 §6.3.1): the receiver lost pictures and needs a key frame from mediaSsrc. */
public record PictureLossIndication(int senderSsrc, int mediaSsrc) implements RtcpPacket {
}
