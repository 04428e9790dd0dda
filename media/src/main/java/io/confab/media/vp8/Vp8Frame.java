package io.confab.media.vp8;

/**
 * One compressed VP8 frame (RFC 6386) as the encoder made it or the depacketizer put it back
 * together. The array is handed over, not copied, because frames are large and made 30 times a
 * second: whoever builds a Vp8Frame gives up the array, and readers must not change it.
 *
 * @param data the frame, starting with its 3-byte frame tag (RFC 6386 §9.1)
 * @param keyFrame whether it decodes alone; a receiver that lost a frame needs one of these
 */
public record Vp8Frame(byte[] data, boolean keyFrame) {
    public Vp8Frame {
        if (data == null || data.length == 0) {
            throw new IllegalArgumentException("a VP8 frame has at least its frame tag");
        }
    }

    /**
     * RFC 6386 §9.1: bit 0 of the frame tag is 0 for a key frame. Lets a receiver tell without
     * trusting the packetizer.
     */
    public static boolean isKeyFrame(byte[] frame, int offset) {
        return (frame[offset] & 0x01) == 0;
    }

    public int length() {
        return data.length;
    }

    @Override
    public String toString() {
        return "Vp8Frame[" + data.length + " bytes" + (keyFrame ? ", key" : "") + "]";
    }
}
