package io.confab.core.sfu.rtp;

import static io.confab.core.wire.NetworkOrder.writeInt;
import static io.confab.core.wire.NetworkOrder.writeShort;

/**
 * Writes fresh RTP packets (RFC 3550 §5.1) with one-byte header extension elements (RFC 8285
 * §4.2), and rewrites fields of existing packets in place. An instance keeps the header fields and
 * extension list between writes, in preallocated storage, so a sender can reuse it for every packet
 * without allocating. Not thread-safe.
 */
public final class RtpHeaderWriter {
    /** One-byte IDs 1..14: 0 is padding and 15 is reserved (RFC 8285 §4.2). */
    public static final int MAX_EXTENSIONS = 14;
    /** The one-byte form's 4-bit length field counts 1..16 bytes. */
    public static final int MAX_EXTENSION_LENGTH = 16;

    private final int[] extensionIds = new int[MAX_EXTENSIONS];
    private final int[] extensionLengths = new int[MAX_EXTENSIONS];
    private final byte[] extensionValues = new byte[MAX_EXTENSIONS * MAX_EXTENSION_LENGTH];
    private int extensionCount;
    private boolean marker;
    private int payloadType;
    private int sequenceNumber;
    private long timestamp;
    private int ssrc;

    public RtpHeaderWriter marker(boolean marker) {
        this.marker = marker;
        return this;
    }

    public RtpHeaderWriter payloadType(int payloadType) {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type " + payloadType + " is not 0..127");
        }
        this.payloadType = payloadType;
        return this;
    }

    public RtpHeaderWriter sequenceNumber(int sequenceNumber) {
        this.sequenceNumber = sequenceNumber & 0xFFFF;
        return this;
    }

    public RtpHeaderWriter timestamp(long timestamp) {
        this.timestamp = timestamp & 0xFFFF_FFFFL;
        return this;
    }

    public RtpHeaderWriter ssrc(int ssrc) {
        this.ssrc = ssrc;
        return this;
    }

    public RtpHeaderWriter clearExtensions() {
        extensionCount = 0;
        return this;
    }

    /** Adds an element with value[offset, offset+length); elements go out in the order added. */
    public RtpHeaderWriter addExtension(int id, byte[] value, int offset, int length) {
        checkExtension(id, length);
        System.arraycopy(value, offset, extensionValues, extensionCount * MAX_EXTENSION_LENGTH, length);
        extensionIds[extensionCount] = id;
        extensionLengths[extensionCount] = length;
        extensionCount++;
        return this;
    }

    public RtpHeaderWriter addExtension(int id, byte[] value) {
        return addExtension(id, value, 0, value.length);
    }

    /**
     * Adds an element holding the low byteCount bytes of value, big-endian: audio level (1),
     * transport-wide sequence number (2), abs-send-time (3), without a byte[] per packet.
     */
    public RtpHeaderWriter addExtension(int id, long value, int byteCount) {
        checkExtension(id, byteCount);
        int base = extensionCount * MAX_EXTENSION_LENGTH;
        for (int i = 0; i < byteCount; i++) {
            extensionValues[base + i] = (byte) (value >>> (8 * (byteCount - 1 - i)));
        }
        extensionIds[extensionCount] = id;
        extensionLengths[extensionCount] = byteCount;
        extensionCount++;
        return this;
    }

    private void checkExtension(int id, int length) {
        if (id < 1 || id > 14) {
            throw new IllegalArgumentException("one-byte extension ID " + id + " is not 1..14");
        }
        if (length < 1 || length > MAX_EXTENSION_LENGTH) {
            throw new IllegalArgumentException("one-byte extension of " + length + " bytes, must be 1..16");
        }
        if (extensionCount == MAX_EXTENSIONS) {
            throw new IllegalArgumentException("more than " + MAX_EXTENSIONS + " extension elements");
        }
    }

    /** The header's length with the current extensions: 12, plus 4 + elements padded to 4 if any. */
    public int headerLength() {
        if (extensionCount == 0) {
            return RtpPacket.FIXED_HEADER_LENGTH;
        }
        int elements = 0;
        for (int i = 0; i < extensionCount; i++) {
            elements += 1 + extensionLengths[i];
        }
        return RtpPacket.FIXED_HEADER_LENGTH + 4 + ((elements + 3) & ~3);
    }

    /**
     * Writes header, extensions and a copy of the payload at target[targetOffset] and returns the
     * packet's length. The target must have room for {@link #headerLength()} + payloadLength bytes;
     * sizing it is the caller's job, so a short target is a programming error.
     */
    public int write(byte[] target, int targetOffset, byte[] payload, int payloadOffset, int payloadLength) {
        int headerLength = headerLength();
        int total = headerLength + payloadLength;
        if (targetOffset < 0 || targetOffset > target.length - total) {
            throw new IllegalArgumentException(total + " bytes do not fit at " + targetOffset + " in " + target.length);
        }
        target[targetOffset] = (byte) (extensionCount > 0 ? 0x90 : 0x80);
        target[targetOffset + 1] = (byte) ((marker ? 0x80 : 0) | payloadType);
        setSequenceNumber(target, targetOffset, sequenceNumber);
        setTimestamp(target, targetOffset, timestamp);
        setSsrc(target, targetOffset, ssrc);
        if (extensionCount > 0) {
            int position = targetOffset + RtpPacket.FIXED_HEADER_LENGTH;
            int words = (headerLength - RtpPacket.FIXED_HEADER_LENGTH - 4) / 4;
            writeShort(target, position, RtpPacket.ONE_BYTE_PROFILE);
            writeShort(target, position + 2, words);
            position += 4;
            for (int i = 0; i < extensionCount; i++) {
                target[position++] = (byte) ((extensionIds[i] << 4) | (extensionLengths[i] - 1));
                System.arraycopy(extensionValues, i * MAX_EXTENSION_LENGTH, target, position, extensionLengths[i]);
                position += extensionLengths[i];
            }
            while (position < targetOffset + headerLength) {
                target[position++] = 0;
            }
        }
        System.arraycopy(payload, payloadOffset, target, targetOffset + headerLength, payloadLength);
        return total;
    }

    public static void setSequenceNumber(byte[] packet, int offset, int sequenceNumber) {
        writeShort(packet, offset + 2, sequenceNumber);
    }

    public static void setTimestamp(byte[] packet, int offset, long timestamp) {
        writeInt(packet, offset + 4, (int) timestamp);
    }

    public static void setSsrc(byte[] packet, int offset, int ssrc) {
        writeInt(packet, offset + 8, ssrc);
    }

    /** Changes the payload type and keeps the marker bit that shares its byte. */
    public static void setPayloadType(byte[] packet, int offset, int payloadType) {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type " + payloadType + " is not 0..127");
        }
        packet[offset + 1] = (byte) ((packet[offset + 1] & 0x80) | payloadType);
    }

    public static void setMarker(byte[] packet, int offset, boolean marker) {
        packet[offset + 1] = (byte) ((packet[offset + 1] & 0x7F) | (marker ? 0x80 : 0));
    }
}
