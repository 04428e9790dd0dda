package io.confab.media.vp8;

/**
 * A reusable view of the VP8 payload descriptor (RFC 7741 §4.2) at the start of an RTP payload,
 * and of the VP8 payload header after it (§4.3) as far as key frames need: the P bit and, in a key
 * frame's first packet, the frame size from the uncompressed header (RFC 6386 §9.1).
 *
 * <pre>
 *   X|R|N|S|R|PID      X: extension byte follows, N: non-reference, S: start of partition
 *   I|L|T|K|RSV        present if X
 *   M|PictureID(7/15)  present if I; M=1 means 15 bits
 *   TL0PICIDX          present if L
 *   TID|Y|KEYIDX       present if T or K
 * </pre>
 *
 * Absent fields read as -1. {@link #setPictureId} and {@link #setTl0PicIdx} rewrite the parsed
 * bytes in place. Not thread-safe.
 */
public final class Vp8PayloadDescriptor {
    public static final int ABSENT = -1;

    /** What {@link #parse} made of the bytes. */
    public enum Status {
        OK,
        /** No bytes at all. */
        TOO_SHORT,
        /** The X, I, L, T or K bits promise bytes the payload does not have. */
        TRUNCATED_DESCRIPTOR,
        /** A descriptor with no VP8 data after it (RFC 7741 §4.2 requires at least one byte). */
        NO_PAYLOAD
    }

    /** RFC 6386 §9.1: the start code every key frame's uncompressed header carries. */
    private static final int START_CODE_0 = 0x9D;
    private static final int START_CODE_1 = 0x01;
    private static final int START_CODE_2 = 0x2A;
    /** 3-byte frame tag, 3-byte start code, then 2 bytes each of width and height. */
    private static final int KEY_FRAME_HEADER_LENGTH = 10;

    private byte[] buffer;
    private int offset;
    private int length;
    private boolean nonReference;
    private boolean startOfPartition;
    private int partitionIndex;
    private int pictureId;
    private int pictureIdBits;
    private int pictureIdOffset;
    private int tl0PicIdx;
    private int tl0PicIdxOffset;
    private int temporalLayer;
    private boolean layerSync;
    private int keyIndex;
    private int payloadHeaderOffset;

    /** Reads the descriptor at the start of an RTP payload (the bytes after the RTP header, its extensions and CSRCs). */
    public Status parse(byte[] payload, int offset, int length) {
        if (payload == null || offset < 0 || length < 1 || offset > payload.length - length) {
            return Status.TOO_SHORT;
        }
        this.buffer = payload;
        this.offset = offset;
        this.length = length;
        int end = offset + length;
        int first = payload[offset] & 0xFF;
        nonReference = (first & 0x20) != 0;
        startOfPartition = (first & 0x10) != 0;
        partitionIndex = first & 0x07;
        pictureId = ABSENT;
        pictureIdBits = 0;
        pictureIdOffset = ABSENT;
        tl0PicIdx = ABSENT;
        tl0PicIdxOffset = ABSENT;
        temporalLayer = ABSENT;
        layerSync = false;
        keyIndex = ABSENT;
        int position = offset + 1;
        if ((first & 0x80) != 0) {
            if (position >= end) {
                return Status.TRUNCATED_DESCRIPTOR;
            }
            int extension = payload[position++] & 0xFF;
            if ((extension & 0x80) != 0) {
                if (position >= end) {
                    return Status.TRUNCATED_DESCRIPTOR;
                }
                pictureIdOffset = position;
                int high = payload[position++] & 0xFF;
                if ((high & 0x80) != 0) {
                    if (position >= end) {
                        return Status.TRUNCATED_DESCRIPTOR;
                    }
                    pictureId = ((high & 0x7F) << 8) | (payload[position++] & 0xFF);
                    pictureIdBits = 15;
                } else {
                    pictureId = high;
                    pictureIdBits = 7;
                }
            }
            if ((extension & 0x40) != 0) {
                if (position >= end) {
                    return Status.TRUNCATED_DESCRIPTOR;
                }
                tl0PicIdxOffset = position;
                tl0PicIdx = payload[position++] & 0xFF;
            }
            boolean hasTid = (extension & 0x20) != 0;
            boolean hasKeyIndex = (extension & 0x10) != 0;
            if (hasTid || hasKeyIndex) {
                if (position >= end) {
                    return Status.TRUNCATED_DESCRIPTOR;
                }
                int layers = payload[position++] & 0xFF;
                if (hasTid) {
                    temporalLayer = layers >>> 6;
                    layerSync = (layers & 0x20) != 0;
                }
                if (hasKeyIndex) {
                    keyIndex = layers & 0x1F;
                }
            }
        }
        if (position >= end) {
            return Status.NO_PAYLOAD;
        }
        payloadHeaderOffset = position;
        return Status.OK;
    }

    /**
     * Whether this packet begins a key frame: start of partition 0 and the payload header's
     * inverse key frame flag P clear (RFC 7741 §4.3).
     */
    public boolean isKeyFrameStart() {
        return startOfPartition && partitionIndex == 0 && (buffer[payloadHeaderOffset] & 0x01) == 0;
    }

    /** The key frame's width in pixels, or ABSENT if this is not a key frame start with its header present. */
    public int keyFrameWidth() {
        return hasKeyFrameSize() ? readLittleEndian14(payloadHeaderOffset + 6) : ABSENT;
    }

    public int keyFrameHeight() {
        return hasKeyFrameSize() ? readLittleEndian14(payloadHeaderOffset + 8) : ABSENT;
    }

    private boolean hasKeyFrameSize() {
        int at = payloadHeaderOffset;
        return isKeyFrameStart()
                && offset + length - at >= KEY_FRAME_HEADER_LENGTH
                && (buffer[at + 3] & 0xFF) == START_CODE_0
                && (buffer[at + 4] & 0xFF) == START_CODE_1
                && (buffer[at + 5] & 0xFF) == START_CODE_2;
    }

    /** RFC 6386 §9.1: 14 bits of size, little-endian, under 2 bits of scaling we ignore. */
    private int readLittleEndian14(int at) {
        return ((buffer[at] & 0xFF) | ((buffer[at + 1] & 0xFF) << 8)) & 0x3FFF;
    }

    /**
     * Rewrites the PictureID in place, keeping its field's size: a 7-bit field gets the value's low
     * 7 bits, a 15-bit one its low 15 (widening would shift the payload). False when absent.
     */
    public boolean setPictureId(int value) {
        if (pictureIdOffset == ABSENT) {
            return false;
        }
        if (pictureIdBits == 15) {
            pictureId = value & 0x7FFF;
            buffer[pictureIdOffset] = (byte) (0x80 | (pictureId >>> 8));
            buffer[pictureIdOffset + 1] = (byte) pictureId;
        } else {
            pictureId = value & 0x7F;
            buffer[pictureIdOffset] = (byte) pictureId;
        }
        return true;
    }

    /** Rewrites TL0PICIDX in place (mod 256); false when absent. */
    public boolean setTl0PicIdx(int value) {
        if (tl0PicIdxOffset == ABSENT) {
            return false;
        }
        tl0PicIdx = value & 0xFF;
        buffer[tl0PicIdxOffset] = (byte) tl0PicIdx;
        return true;
    }

    public boolean nonReference() {
        return nonReference;
    }

    public boolean startOfPartition() {
        return startOfPartition;
    }

    public int partitionIndex() {
        return partitionIndex;
    }

    /** Start of a frame: S set in partition 0. */
    public boolean startOfFrame() {
        return startOfPartition && partitionIndex == 0;
    }

    public int pictureId() {
        return pictureId;
    }

    /** 7 or 15 when a PictureID is present, 0 when absent. */
    public int pictureIdBits() {
        return pictureIdBits;
    }

    public int tl0PicIdx() {
        return tl0PicIdx;
    }

    /** TID, the temporal layer index 0..3, or ABSENT. */
    public int temporalLayer() {
        return temporalLayer;
    }

    /** Y: this frame depends only on base-layer frames, so a receiver can switch up here. */
    public boolean layerSync() {
        return layerSync;
    }

    public int keyIndex() {
        return keyIndex;
    }

    /** Descriptor length; the VP8 payload header starts this many bytes into the payload. */
    public int descriptorLength() {
        return payloadHeaderOffset - offset;
    }

    /** Absolute offset of the VP8 payload (header) after the descriptor. */
    public int vp8PayloadOffset() {
        return payloadHeaderOffset;
    }
}
