package io.confab.core.sfu.srtp;

import static io.confab.core.wire.NetworkOrder.readInt;
import static io.confab.core.wire.NetworkOrder.readShort;

/**
 * The few RTP header fields SRTP needs (RFC 3550 §5.1, §5.3.1): where the payload starts, the SSRC
 * and the sequence number. Full parsing belongs to the RTP stage after decryption.
 */
final class RtpHeader {
    static final int FIXED_LENGTH = 12;
    /** Also the length of the RTCP header part SRTCP leaves in clear (RFC 3711 §3.4). */
    static final int RTCP_CLEAR_LENGTH = 8;

    private RtpHeader() {
    }

    /**
     * Offset of the payload: after the fixed header, the CSRCs and any header extension. The header
     * must fit in {@code [offset, offset + limit)}; -1 if it does not or the version is not 2.
     */
    static int payloadOffset(byte[] packet, int offset, int limit) {
        if (limit < FIXED_LENGTH || !isVersion2(packet, offset)) {
            return -1;
        }
        int end = offset + limit;
        int position = offset + FIXED_LENGTH + 4 * (packet[offset] & 0x0F);
        if ((packet[offset] & 0x10) != 0) {
            if (position + 4 > end) {
                return -1;
            }
            position += 4 + 4 * readShort(packet, position + 2);
        }
        return position <= end ? position : -1;
    }

    static boolean isVersion2(byte[] packet, int offset) {
        return (packet[offset] & 0xC0) == 0x80;
    }

    static int sequenceNumber(byte[] packet, int offset) {
        return readShort(packet, offset + 2);
    }

    static int ssrc(byte[] packet, int offset) {
        return readInt(packet, offset + 8);
    }

    /** The sender SSRC of the first packet of a compound RTCP packet (RFC 3550 §6.4). */
    static int rtcpSsrc(byte[] packet, int offset) {
        return readInt(packet, offset + 4);
    }

    /** False for a negative offset or length or a range past the array's end. */
    static boolean inBounds(byte[] packet, int offset, int length) {
        return packet != null && offset >= 0 && length >= 0 && offset <= packet.length - length;
    }
}
