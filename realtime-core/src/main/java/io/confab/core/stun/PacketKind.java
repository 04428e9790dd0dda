package io.confab.core.stun;

/**
 * What arrived on a port shared by STUN, DTLS, SRTP and TURN ChannelData, told apart by the first
 * byte alone (RFC 7983 §7, with TURN's ChannelData range from RFC 8656 §12). The SFU's UDP demux
 * and the TURN listener both start here.
 */
public enum PacketKind {
    STUN,
    ZRTP,
    DTLS,
    CHANNEL_DATA,
    RTP_OR_RTCP,
    UNKNOWN;

    public static PacketKind of(byte[] packet, int offset, int length) {
        if (length < 1) {
            return UNKNOWN;
        }
        int first = packet[offset] & 0xFF;
        if (first <= 3) {
            return STUN;
        }
        if (first >= 16 && first <= 19) {
            return ZRTP;
        }
        if (first >= 20 && first <= 63) {
            return DTLS;
        }
        if (first >= 64 && first <= 79) {
            return CHANNEL_DATA;
        }
        if (first >= 128 && first <= 191) {
            return RTP_OR_RTCP;
        }
        return UNKNOWN;
    }

    public static PacketKind of(byte[] packet) {
        return of(packet, 0, packet.length);
    }
}
