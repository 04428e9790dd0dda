package io.confab.core.sfu.rtp;

import io.confab.media.vp8.Vp8PayloadDescriptor;

/**
 * The VP8 companion of {@link RtpStreamRewriter}: keeps PictureID (RFC 7741 §4.2, 15-bit space)
 * and TL0PICIDX (8-bit) continuous on one outgoing stream across source switches, so a receiver's
 * decoder sees the next picture and the next base-layer index rather than a jump it would read as
 * loss. Like sequence numbers, each source gets an offset; the first PictureID and TL0PICIDX seen
 * from a new source go out as the last ones sent + 1.
 *
 * <p>Feed it only packets the stream rewriter forwarded, after it. A field narrower than 15 bits
 * (a 7-bit PictureID) gets the low bits of the mapped value, which stays continuous modulo 128.
 * Not thread-safe.
 */
public final class Vp8PictureRewriter {
    private static final int PICTURE_ID_MASK = 0x7FFF;

    private boolean started;
    private int source;
    private boolean pictureOffsetKnown;
    private int pictureIdOffset;
    private boolean tl0OffsetKnown;
    private int tl0Offset;
    private boolean anyPictureIdSent;
    private int lastPictureId;
    private boolean anyTl0Sent;
    private int lastTl0PicIdx;

    /** Rewrites the parsed descriptor's PictureID and TL0PICIDX in place for the packet's source. */
    public void rewrite(int sourceSsrc, Vp8PayloadDescriptor descriptor) {
        if (!started || sourceSsrc != source) {
            started = true;
            source = sourceSsrc;
            pictureOffsetKnown = false;
            tl0OffsetKnown = false;
        }
        int pictureId = descriptor.pictureId();
        if (pictureId != Vp8PayloadDescriptor.ABSENT) {
            if (!pictureOffsetKnown) {
                pictureOffsetKnown = true;
                pictureIdOffset = anyPictureIdSent ? (lastPictureId + 1 - pictureId) & PICTURE_ID_MASK : 0;
            }
            int out = (pictureId + pictureIdOffset) & PICTURE_ID_MASK;
            descriptor.setPictureId(out);
            int bits = descriptor.pictureIdBits();
            if (!anyPictureIdSent || SerialNumber.isNewer(out, lastPictureId, bits)) {
                lastPictureId = out;
                anyPictureIdSent = true;
            }
        }
        int tl0PicIdx = descriptor.tl0PicIdx();
        if (tl0PicIdx != Vp8PayloadDescriptor.ABSENT) {
            if (!tl0OffsetKnown) {
                tl0OffsetKnown = true;
                tl0Offset = anyTl0Sent ? (lastTl0PicIdx + 1 - tl0PicIdx) & 0xFF : 0;
            }
            int out = (tl0PicIdx + tl0Offset) & 0xFF;
            descriptor.setTl0PicIdx(out);
            if (!anyTl0Sent || SerialNumber.isNewer(out, lastTl0PicIdx, 8)) {
                lastTl0PicIdx = out;
                anyTl0Sent = true;
            }
        }
    }

    /** The newest PictureID sent, in the 15-bit space, or -1 before any. */
    public int lastPictureId() {
        return anyPictureIdSent ? lastPictureId : Vp8PayloadDescriptor.ABSENT;
    }

    public int lastTl0PicIdx() {
        return anyTl0Sent ? lastTl0PicIdx : Vp8PayloadDescriptor.ABSENT;
    }
}
