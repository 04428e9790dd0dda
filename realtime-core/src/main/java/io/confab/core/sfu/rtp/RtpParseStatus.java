package io.confab.core.sfu.rtp;

/** What {@link RtpPacket#parse} made of some bytes; anything but {@link #OK} is counted and dropped. */
public enum RtpParseStatus {
    OK,
    /** Fewer than the 12 bytes of the fixed header (RFC 3550 §5.1), or no bytes in range. */
    TOO_SHORT,
    /** The version field is not 2. */
    BAD_VERSION,
    /** The CSRC count claims more identifiers than there are bytes. */
    TRUNCATED_CSRC,
    /** The header extension header or its declared length runs past the packet (RFC 3550 §5.3.1). */
    TRUNCATED_EXTENSION,
    /** A one- or two-byte extension element runs past its extension block (RFC 8285 §4.2, §4.3). */
    MALFORMED_EXTENSION,
    /** The padding count is zero or more than the bytes after the header (RFC 3550 §5.1). */
    BAD_PADDING
}
