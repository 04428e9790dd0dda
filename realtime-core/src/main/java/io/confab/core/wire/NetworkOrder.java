package io.confab.core.wire;

/**
 * 16- and 32-bit fields in network byte order (big-endian, RFC 791 Appendix B), read from and
 * written into byte arrays: how STUN, RTP, RTCP and SRTP all lay out their headers. Unsigned
 * 16-bit reads come back as 0-65535; 32-bit values travel as Java's int, bit for bit. No bounds
 * checks: the parsers check lengths once per packet before they read fields.
 */
public final class NetworkOrder {

    private NetworkOrder() {
    }

    public static int readShort(byte[] bytes, int at) {
        return ((bytes[at] & 0xFF) << 8) | (bytes[at + 1] & 0xFF);
    }

    public static int readInt(byte[] bytes, int at) {
        return (readShort(bytes, at) << 16) | readShort(bytes, at + 2);
    }

    /** The low 16 bits of {@code value}. */
    public static void writeShort(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >>> 8);
        bytes[at + 1] = (byte) value;
    }

    public static void writeInt(byte[] bytes, int at, int value) {
        writeShort(bytes, at, value >>> 16);
        writeShort(bytes, at + 2, value);
    }
}
