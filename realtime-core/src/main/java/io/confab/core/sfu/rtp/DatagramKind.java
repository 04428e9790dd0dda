package io.confab.core.sfu.rtp;

/**
 * What one datagram on the SFU's shared media port carries, told apart without parsing: the first
 * byte separates STUN, DTLS and SRTP (RFC 7983 §7), and for SRTP the second byte separates RTCP
 * from RTP on a muxed port (RFC 5761 §4). Both are checks a demux runs on every datagram, so
 * {@link #classify} reads two bytes and allocates nothing.
 */
public enum DatagramKind {
    STUN,
    DTLS,
    RTP,
    RTCP,
    /** ZRTP, TURN ChannelData, or a first byte no protocol on this port uses. */
    OTHER;

    public static DatagramKind classify(byte[] datagram, int offset, int length) {
        if (datagram == null || length < 1 || offset < 0 || offset > datagram.length - length) {
            return OTHER;
        }
        int first = datagram[offset] & 0xFF;
        if (first <= 3) {
            return STUN;
        }
        if (first >= 20 && first <= 63) {
            return DTLS;
        }
        if (first >= 128 && first <= 191) {
            if (length < 2) {
                return OTHER;
            }
            // RFC 5761 §4: RTCP packet types 192-223 are the byte that for RTP holds marker + PT;
            // RTP payload types 64-95 are never used on a muxed port so the two cannot collide.
            int second = datagram[offset + 1] & 0xFF;
            return second >= 192 && second <= 223 ? RTCP : RTP;
        }
        return OTHER;
    }

    public static DatagramKind classify(byte[] datagram) {
        return classify(datagram, 0, datagram.length);
    }
}
