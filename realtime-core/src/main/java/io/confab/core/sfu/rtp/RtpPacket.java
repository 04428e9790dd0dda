package io.confab.core.sfu.rtp;

import static io.confab.core.wire.NetworkOrder.readInt;
import static io.confab.core.wire.NetworkOrder.readShort;

/**
 * A reusable view of one RTP packet's header (RFC 3550 §5.1) over the caller's bytes. One instance
 * serves every packet a pipeline stage sees: {@link #parse} re-points it, checks framing, strips
 * padding and validates the header extension, without allocating. After a status other than
 * {@link RtpParseStatus#OK} the accessors are meaningless.
 *
 * <p>Header extension elements are found by local ID in either RFC 8285 form: one-byte (profile
 * 0xBEDE, §4.2) or two-byte (profile 0x100x, §4.3). Other profiles are kept opaque.
 *
 * <p>The setters write through to the underlying bytes, so a forwarder can rewrite a packet in
 * place. Not thread-safe: one packet-processing thread owns an instance.
 */
public final class RtpPacket {
    public static final int FIXED_HEADER_LENGTH = 12;
    public static final int ONE_BYTE_PROFILE = 0xBEDE;
    /** Two-byte headers use 0x100 in the top 12 bits; the low 4 "appbits" are free (RFC 8285 §4.3). */
    public static final int TWO_BYTE_PROFILE = 0x1000;
    /** Returned by {@link #findExtension} when no element has the ID. */
    public static final int NOT_FOUND = -1;

    private static final int MALFORMED = -2;
    /** RFC 8285 §4.2: ID 15 ends processing of the one-byte extension block. */
    private static final int ONE_BYTE_STOP_ID = 15;

    private byte[] buffer;
    private int offset;
    private int length;
    private boolean marker;
    private int csrcCount;
    private int payloadType;
    private int sequenceNumber;
    private long timestamp;
    private int ssrc;
    private boolean hasExtension;
    private int extensionProfile;
    private int extensionDataOffset;
    private int extensionDataLength;
    private int payloadOffset;
    private int payloadLength;
    private int paddingLength;

    /** Points the view at a packet and checks it; the bytes are not copied and must outlive the use. */
    public RtpParseStatus parse(byte[] packet, int offset, int length) {
        if (packet == null || offset < 0 || length < 0 || offset > packet.length - length
                || length < FIXED_HEADER_LENGTH) {
            return RtpParseStatus.TOO_SHORT;
        }
        int first = packet[offset] & 0xFF;
        if (first >>> 6 != 2) {
            return RtpParseStatus.BAD_VERSION;
        }
        this.buffer = packet;
        this.offset = offset;
        this.length = length;
        boolean padding = (first & 0x20) != 0;
        hasExtension = (first & 0x10) != 0;
        csrcCount = first & 0x0F;
        marker = (packet[offset + 1] & 0x80) != 0;
        payloadType = packet[offset + 1] & 0x7F;
        sequenceNumber = readShort(packet, offset + 2);
        timestamp = readInt(packet, offset + 4) & 0xFFFF_FFFFL;
        ssrc = readInt(packet, offset + 8);
        int end = offset + length;
        int position = offset + FIXED_HEADER_LENGTH + 4 * csrcCount;
        if (position > end) {
            return RtpParseStatus.TRUNCATED_CSRC;
        }
        extensionProfile = 0;
        extensionDataOffset = position;
        extensionDataLength = 0;
        if (hasExtension) {
            if (end - position < 4) {
                return RtpParseStatus.TRUNCATED_EXTENSION;
            }
            extensionProfile = readShort(packet, position);
            extensionDataLength = 4 * readShort(packet, position + 2);
            extensionDataOffset = position + 4;
            if (extensionDataLength > end - extensionDataOffset) {
                return RtpParseStatus.TRUNCATED_EXTENSION;
            }
            if (walkExtension(-1) == MALFORMED) {
                return RtpParseStatus.MALFORMED_EXTENSION;
            }
            position = extensionDataOffset + extensionDataLength;
        }
        payloadOffset = position;
        paddingLength = 0;
        if (padding) {
            // The last octet counts the padding including itself (RFC 3550 §5.1).
            paddingLength = packet[end - 1] & 0xFF;
            if (paddingLength == 0 || paddingLength > end - position) {
                return RtpParseStatus.BAD_PADDING;
            }
        }
        payloadLength = end - position - paddingLength;
        return RtpParseStatus.OK;
    }

    public RtpParseStatus parse(byte[] packet) {
        return parse(packet, 0, packet == null ? 0 : packet.length);
    }

    /**
     * The absolute offset in {@link #buffer()} of the data of the first extension element with this
     * local ID, or {@link #NOT_FOUND}. Its length is {@link #extensionLength(int)}.
     */
    public int findExtension(int id) {
        if (!hasExtension || id <= 0) {
            return NOT_FOUND;
        }
        int found = walkExtension(id);
        return found >= 0 ? found : NOT_FOUND;
    }

    /** The data length of the element whose data {@link #findExtension} placed at dataOffset. */
    public int extensionLength(int dataOffset) {
        int lengthByte = buffer[dataOffset - 1] & 0xFF;
        return isOneByteForm() ? (lengthByte & 0x0F) + 1 : lengthByte;
    }

    public boolean isOneByteForm() {
        return hasExtension && extensionProfile == ONE_BYTE_PROFILE;
    }

    public boolean isTwoByteForm() {
        return hasExtension && (extensionProfile & 0xFFF0) == TWO_BYTE_PROFILE;
    }

    /**
     * Walks the elements once: the data offset of wantedId, NOT_FOUND at a clean end, MALFORMED when
     * an element runs past the block. A negative wantedId only validates.
     */
    private int walkExtension(int wantedId) {
        boolean oneByte = isOneByteForm();
        if (!oneByte && !isTwoByteForm()) {
            return NOT_FOUND;
        }
        int position = extensionDataOffset;
        int end = extensionDataOffset + extensionDataLength;
        while (position < end) {
            int first = buffer[position] & 0xFF;
            if (first == 0) {
                position++; // padding byte, in both forms
                continue;
            }
            int id;
            int dataLength;
            int dataOffset;
            if (oneByte) {
                id = first >>> 4;
                if (id == ONE_BYTE_STOP_ID) {
                    return NOT_FOUND;
                }
                dataLength = (first & 0x0F) + 1;
                dataOffset = position + 1;
            } else {
                if (position + 1 >= end) {
                    return MALFORMED;
                }
                id = first;
                dataLength = buffer[position + 1] & 0xFF;
                dataOffset = position + 2;
            }
            if (dataLength > end - dataOffset) {
                return MALFORMED;
            }
            if (id == wantedId) {
                return dataOffset;
            }
            position = dataOffset + dataLength;
        }
        return NOT_FOUND;
    }

    public void setSequenceNumber(int sequenceNumber) {
        RtpHeaderWriter.setSequenceNumber(buffer, offset, sequenceNumber);
        this.sequenceNumber = sequenceNumber & 0xFFFF;
    }

    public void setTimestamp(long timestamp) {
        RtpHeaderWriter.setTimestamp(buffer, offset, timestamp);
        this.timestamp = timestamp & 0xFFFF_FFFFL;
    }

    public void setSsrc(int ssrc) {
        RtpHeaderWriter.setSsrc(buffer, offset, ssrc);
        this.ssrc = ssrc;
    }

    public void setPayloadType(int payloadType) {
        RtpHeaderWriter.setPayloadType(buffer, offset, payloadType);
        this.payloadType = payloadType;
    }

    public void setMarker(boolean marker) {
        RtpHeaderWriter.setMarker(buffer, offset, marker);
        this.marker = marker;
    }

    public byte[] buffer() {
        return buffer;
    }

    public int offset() {
        return offset;
    }

    /** The whole packet's length as given to {@link #parse}, padding included. */
    public int length() {
        return length;
    }

    public boolean marker() {
        return marker;
    }

    public int payloadType() {
        return payloadType;
    }

    public int sequenceNumber() {
        return sequenceNumber;
    }

    /** The 32-bit RTP timestamp as an unsigned value. */
    public long timestamp() {
        return timestamp;
    }

    /** The SSRC's 32 bits; compare as int, print with Integer.toUnsignedString. */
    public int ssrc() {
        return ssrc;
    }

    public int csrcCount() {
        return csrcCount;
    }

    public int csrc(int index) {
        if (index < 0 || index >= csrcCount) {
            throw new IllegalArgumentException("CSRC " + index + " of " + csrcCount);
        }
        return readInt(buffer, offset + FIXED_HEADER_LENGTH + 4 * index);
    }

    public boolean hasExtension() {
        return hasExtension;
    }

    /** The extension's "defined by profile" field; 0 without an extension. */
    public int extensionProfile() {
        return extensionProfile;
    }

    public int extensionDataOffset() {
        return extensionDataOffset;
    }

    public int extensionDataLength() {
        return extensionDataLength;
    }

    /** Bytes from the start of the packet to the payload: fixed header, CSRCs and extension. */
    public int headerLength() {
        return payloadOffset - offset;
    }

    /** Absolute offset of the payload in {@link #buffer()}. */
    public int payloadOffset() {
        return payloadOffset;
    }

    /** Payload length with padding already stripped. */
    public int payloadLength() {
        return payloadLength;
    }

    public boolean hasPadding() {
        return paddingLength > 0;
    }

    public int paddingLength() {
        return paddingLength;
    }
}
