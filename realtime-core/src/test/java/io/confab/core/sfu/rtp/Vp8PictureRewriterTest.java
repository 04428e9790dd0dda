package io.confab.core.sfu.rtp;

import static io.confab.core.sfu.rtp.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.confab.media.vp8.Vp8PayloadDescriptor;
import org.junit.jupiter.api.Test;

/** PictureID and TL0PICIDX continue by one across a source switch (RFC 7741 §4.2 fields). */
class Vp8PictureRewriterTest {
    private final Vp8PictureRewriter rewriter = new Vp8PictureRewriter();
    private final Vp8PayloadDescriptor descriptor = new Vp8PayloadDescriptor();

    /** A 15-bit PictureID and TL0PICIDX descriptor, as browsers send for simulcast. */
    private byte[] packet(int pictureId, int tl0PicIdx) {
        byte[] bytes = hex("90 c0 0000 00 00");
        bytes[2] = (byte) (0x80 | (pictureId >>> 8));
        bytes[3] = (byte) pictureId;
        bytes[4] = (byte) tl0PicIdx;
        return bytes;
    }

    private void rewrite(int source, int pictureId, int tl0PicIdx, int expectedPictureId, int expectedTl0) {
        byte[] bytes = packet(pictureId, tl0PicIdx);
        descriptor.parse(bytes, 0, bytes.length);
        rewriter.rewrite(source, descriptor);
        Vp8PayloadDescriptor written = new Vp8PayloadDescriptor();
        written.parse(bytes, 0, bytes.length);
        assertEquals(expectedPictureId, written.pictureId(), "PictureID for " + pictureId);
        assertEquals(expectedTl0, written.tl0PicIdx(), "TL0PICIDX for " + tl0PicIdx);
    }

    @Test
    void theFirstSourcePassesThrough() {
        rewrite(1, 300, 20, 300, 20);
        rewrite(1, 300, 20, 300, 20); // a frame's second packet
        rewrite(1, 301, 21, 301, 21);
        assertEquals(301, rewriter.lastPictureId());
        assertEquals(21, rewriter.lastTl0PicIdx());
    }

    @Test
    void aSwitchContinuesByOneAndKeepsTheNewSourcesSteps() {
        rewrite(1, 300, 20, 300, 20);
        rewrite(2, 9000, 200, 301, 21);
        rewrite(2, 9000, 200, 301, 21);
        rewrite(2, 9002, 201, 303, 22);
        rewrite(1, 310, 25, 304, 23);
    }

    @Test
    void valuesWrapInTheirOwnSpaces() {
        rewrite(1, 0x7FFF, 255, 0x7FFF, 255);
        rewrite(2, 17, 3, 0, 0);
        rewrite(2, 18, 4, 1, 1);
    }

    @Test
    void aSevenBitFieldGetsTheLowBitsOfTheContinuedValue() {
        rewrite(1, 1000, 9, 1000, 9);
        byte[] shortId = hex("80 80 05 00");
        descriptor.parse(shortId, 0, shortId.length);
        rewriter.rewrite(2, descriptor);
        assertEquals(1001 & 0x7F, shortId[2]);
    }
}
