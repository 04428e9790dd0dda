package io.confab.media.vp8;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Splits an encoded VP8 frame into RTP payloads (RFC 7741 §4). Each payload starts with a 4-byte
 * payload descriptor (§4.2):
 *
 * <pre>
 *   1|0|0|S|0|000   X=1: extension byte follows; S=1 only on the frame's first packet; PID=0
 *   1|0|0|0|0000    I=1: a PictureID follows
 *   1|PictureID(15) M=1: the 15-bit form, one value per frame, wrapping at 2^15
 * </pre>
 *
 * The whole frame goes in partition 0 (PID=0), so S marks the start of the frame, which is what
 * §4.4's receivers look for. The frame is split into as few payloads as fit, of near-equal size,
 * so no short runt trails a full packet. The caller sets the RTP marker bit on the last payload
 * (§4.1) and gives all payloads of a frame one RTP timestamp. Not thread-safe.
 */
public final class Vp8Packetizer {
    public static final int DEFAULT_MAX_PAYLOAD = 1100;
    public static final int DESCRIPTOR_LENGTH = 4;
    private static final int PICTURE_ID_MODULUS = 1 << 15;

    /** Receives each payload of a frame in order; the bytes are valid only during the call. */
    @FunctionalInterface
    public interface PayloadSink {
        void accept(byte[] payload, int offset, int length, boolean lastOfFrame);
    }

    private final int maxPayload;
    private final byte[] scratch;
    private int pictureId;

    /** 1100-byte payloads and a random first PictureID, as senders choose (RFC 7741 §4.2). */
    public Vp8Packetizer() {
        this(DEFAULT_MAX_PAYLOAD, ThreadLocalRandom.current().nextInt(PICTURE_ID_MODULUS));
    }

    /**
     * @param maxPayload largest payload, descriptor included; at least one byte more than the descriptor
     * @param firstPictureId PictureID of the first frame, 0..32767
     */
    public Vp8Packetizer(int maxPayload, int firstPictureId) {
        if (maxPayload <= DESCRIPTOR_LENGTH) {
            throw new IllegalArgumentException("max payload " + maxPayload + " leaves no room after the "
                    + DESCRIPTOR_LENGTH + "-byte descriptor");
        }
        if (firstPictureId < 0 || firstPictureId >= PICTURE_ID_MODULUS) {
            throw new IllegalArgumentException("PictureID " + firstPictureId + " is not 15 bits");
        }
        this.maxPayload = maxPayload;
        this.scratch = new byte[maxPayload];
        this.pictureId = firstPictureId;
    }

    /** How many payloads a frame of this many bytes becomes. */
    public int payloadCount(int frameLength) {
        int room = maxPayload - DESCRIPTOR_LENGTH;
        return Math.max(1, (frameLength + room - 1) / room);
    }

    /**
     * Hands the frame's payloads to {@code sink} one at a time through one reused buffer, so no
     * array is allocated per packet; then moves on to the next PictureID.
     *
     * @return the number of payloads
     */
    public int packetize(byte[] frame, int offset, int length, PayloadSink sink) {
        if (length <= 0 || offset < 0 || offset > frame.length - length) {
            throw new IllegalArgumentException("frame range " + offset + "+" + length + " is not within "
                    + frame.length + " bytes");
        }
        int count = payloadCount(length);
        int baseSize = length / count;
        int larger = length % count;
        int at = offset;
        for (int i = 0; i < count; i++) {
            int size = baseSize + (i < larger ? 1 : 0);
            writeDescriptor(i == 0);
            System.arraycopy(frame, at, scratch, DESCRIPTOR_LENGTH, size);
            at += size;
            sink.accept(scratch, 0, DESCRIPTOR_LENGTH + size, i == count - 1);
        }
        pictureId = (pictureId + 1) % PICTURE_ID_MODULUS;
        return count;
    }

    /** As {@link #packetize(byte[], int, int, PayloadSink)}, each payload in its own array. */
    public List<byte[]> packetize(Vp8Frame frame) {
        List<byte[]> payloads = new ArrayList<>(payloadCount(frame.length()));
        packetize(frame.data(), 0, frame.length(),
                (payload, offset, length, last) -> payloads.add(Arrays.copyOfRange(payload, offset, offset + length)));
        return payloads;
    }

    private void writeDescriptor(boolean startOfFrame) {
        scratch[0] = (byte) (startOfFrame ? 0x90 : 0x80);
        scratch[1] = (byte) 0x80;
        scratch[2] = (byte) (0x80 | (pictureId >>> 8));
        scratch[3] = (byte) pictureId;
    }

    /** The PictureID the next frame will carry. */
    public int nextPictureId() {
        return pictureId;
    }

    public int maxPayload() {
        return maxPayload;
    }
}
