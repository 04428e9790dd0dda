package io.confab.media.vp8;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The VP8 payload descriptor (RFC 7741 §4.2), P bit (§4.3) and key frame size (RFC 6386 §9.1). */
class Vp8PayloadDescriptorTest {
    /**
     * X=1 S=1 PID=0; I L T K all set; M=1 PictureID 0x1234; TL0PICIDX 7; TID 2 Y=1 KEYIDX 5. Then
     * a key frame: frame tag with P=0, start code 9d 01 2a, width 640 and height 480 with the
     * scaling bits of the height set (they are not part of the size).
     */
    static final byte[] KEY_FRAME = hex("90 f0 9234 07 a5  500200 9d012a 8002 e041 ffff");

    /** X=1 S=0 PID=1 N=1; only I, 7-bit PictureID 0x7F; inter frame. */
    static final byte[] SHORT_PICTURE_ID = hex("a1 80 7f 01 aa");

    private final Vp8PayloadDescriptor descriptor = new Vp8PayloadDescriptor();

    @Test
    void readsEveryFieldOfAFullDescriptor() {
        assertEquals(Vp8PayloadDescriptor.Status.OK, descriptor.parse(KEY_FRAME, 0, KEY_FRAME.length));
        assertTrue(descriptor.startOfPartition());
        assertTrue(descriptor.startOfFrame());
        assertFalse(descriptor.nonReference());
        assertEquals(0, descriptor.partitionIndex());
        assertEquals(0x1234, descriptor.pictureId());
        assertEquals(15, descriptor.pictureIdBits());
        assertEquals(7, descriptor.tl0PicIdx());
        assertEquals(2, descriptor.temporalLayer());
        assertTrue(descriptor.layerSync());
        assertEquals(5, descriptor.keyIndex());
        assertEquals(6, descriptor.descriptorLength());
        assertEquals(6, descriptor.vp8PayloadOffset());
    }

    @Test
    void aKeyFrameStartCarriesItsSize() {
        descriptor.parse(KEY_FRAME, 0, KEY_FRAME.length);
        assertTrue(descriptor.isKeyFrameStart());
        assertEquals(640, descriptor.keyFrameWidth());
        assertEquals(480, descriptor.keyFrameHeight());
    }

    @Test
    void aKeyFrameCutBeforeItsSizeHasNone() {
        descriptor.parse(KEY_FRAME, 0, 6 + 9);
        assertTrue(descriptor.isKeyFrameStart());
        assertEquals(Vp8PayloadDescriptor.ABSENT, descriptor.keyFrameWidth());
        byte[] noStartCode = KEY_FRAME.clone();
        noStartCode[10] = 0x02;
        descriptor.parse(noStartCode, 0, noStartCode.length);
        assertEquals(Vp8PayloadDescriptor.ABSENT, descriptor.keyFrameHeight());
    }

    @Test
    void readsASevenBitPictureIdAndAbsentFields() {
        assertEquals(Vp8PayloadDescriptor.Status.OK, descriptor.parse(SHORT_PICTURE_ID, 0, SHORT_PICTURE_ID.length));
        assertTrue(descriptor.nonReference());
        assertFalse(descriptor.startOfPartition());
        assertEquals(1, descriptor.partitionIndex());
        assertEquals(0x7F, descriptor.pictureId());
        assertEquals(7, descriptor.pictureIdBits());
        assertEquals(Vp8PayloadDescriptor.ABSENT, descriptor.tl0PicIdx());
        assertEquals(Vp8PayloadDescriptor.ABSENT, descriptor.temporalLayer());
        assertEquals(Vp8PayloadDescriptor.ABSENT, descriptor.keyIndex());
        assertFalse(descriptor.isKeyFrameStart());
        assertEquals(Vp8PayloadDescriptor.ABSENT, descriptor.keyFrameWidth());
    }

    @Test
    void interFrameStartIsNotAKeyFrame() {
        byte[] interFrame = hex("10 01 0000");
        descriptor.parse(interFrame, 0, interFrame.length);
        assertTrue(descriptor.startOfFrame());
        assertFalse(descriptor.isKeyFrameStart());
        assertEquals(0, descriptor.pictureIdBits());
        assertEquals(Vp8PayloadDescriptor.ABSENT, descriptor.pictureId());
    }

    @Test
    void keyIndexWithoutTidLeavesTidAbsent() {
        byte[] keyIndexOnly = hex("80 10 3f 00");
        descriptor.parse(keyIndexOnly, 0, keyIndexOnly.length);
        assertEquals(Vp8PayloadDescriptor.ABSENT, descriptor.temporalLayer());
        assertEquals(0x1F, descriptor.keyIndex());
        assertFalse(descriptor.layerSync());
    }

    @Test
    void refusesTruncatedDescriptorsAtEveryLength() {
        assertEquals(Vp8PayloadDescriptor.Status.TOO_SHORT, descriptor.parse(KEY_FRAME, 0, 0));
        assertEquals(Vp8PayloadDescriptor.Status.TOO_SHORT, descriptor.parse(null, 0, 1));
        assertEquals(Vp8PayloadDescriptor.Status.TOO_SHORT, descriptor.parse(KEY_FRAME, KEY_FRAME.length, 1));
        for (int length = 1; length < 6; length++) {
            assertEquals(Vp8PayloadDescriptor.Status.TRUNCATED_DESCRIPTOR,
                    descriptor.parse(Arrays.copyOf(KEY_FRAME, length), 0, length), "length " + length);
        }
        assertEquals(Vp8PayloadDescriptor.Status.NO_PAYLOAD, descriptor.parse(KEY_FRAME, 0, 6));
        for (int length = 7; length <= KEY_FRAME.length; length++) {
            assertEquals(Vp8PayloadDescriptor.Status.OK, descriptor.parse(Arrays.copyOf(KEY_FRAME, length), 0, length));
            // The size needs the 10-byte key frame header after the 6-byte descriptor.
            assertEquals(length >= 16 ? 640 : Vp8PayloadDescriptor.ABSENT, descriptor.keyFrameWidth(), "length " + length);
        }
    }

    @Test
    void rewritesPictureIdInItsOwnWidthAndTl0PicIdx() {
        byte[] full = KEY_FRAME.clone();
        descriptor.parse(full, 0, full.length);
        assertTrue(descriptor.setPictureId(0x8001)); // masked to 15 bits
        assertTrue(descriptor.setTl0PicIdx(0x1FF));
        assertArrayEquals(hex("90 f0 8001 ff a5"), Arrays.copyOf(full, 6));
        assertEquals(1, descriptor.pictureId());
        assertEquals(0xFF, descriptor.tl0PicIdx());

        byte[] shortId = SHORT_PICTURE_ID.clone();
        descriptor.parse(shortId, 0, shortId.length);
        assertTrue(descriptor.setPictureId(0x1234)); // a 7-bit field keeps the low 7 bits
        assertArrayEquals(hex("a1 80 34 01 aa"), shortId);
        assertFalse(descriptor.setTl0PicIdx(3));

        byte[] none = hex("10 01 00");
        descriptor.parse(none, 0, none.length);
        assertFalse(descriptor.setPictureId(5));
        assertArrayEquals(hex("10 01 00"), none);
    }

    /** Hand-built payloads are written as hex with spaces between fields. */
    private static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }
}
