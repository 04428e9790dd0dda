package io.confab.media.vp8;

import java.util.Arrays;

/**
 * Puts VP8 frames back together from received RTP payloads (RFC 7741 §4). A frame is the run of
 * payloads with one RTP timestamp, from the payload whose descriptor has S=1 and PID=0 to the one
 * with the RTP marker bit (§4.1). Packets are expected in order (after any jitter buffer): a gap in
 * sequence numbers is loss, an older or repeated sequence number is dropped as late, and one more
 * than {@value #MAX_MISORDER} back is a sender that restarted, taken like a loss.
 *
 * <p>A frame that lost a packet is dropped, never passed on half-built. Because later inter frames
 * refer to it, whole frames after a loss are also held back ({@link Outcome#AWAITING_KEY_FRAME})
 * until a key frame arrives; the caller sends a PLI while {@link #awaitingKeyFrame()} is true. The
 * same holds at the start: nothing decodes before the first key frame.
 *
 * <p>One depacketizer per received SSRC. Network input never throws here: every packet gets an
 * {@link Outcome} and lands in a counter. Not thread-safe.
 */
public final class Vp8Depacketizer {
    /** Well above a 1080p key frame; a frame growing past this is garbage, not video. */
    public static final int MAX_FRAME_BYTES = 4 << 20;
    /**
     * RFC 3550 Appendix A.1's MAX_MISORDER: a packet further back than this is not late but a
     * sender that restarted its sequence numbers, and is taken as a new start.
     */
    static final int MAX_MISORDER = 100;

    /** What one payload did. */
    public enum Outcome {
        /** Part of a frame still arriving. */
        BUFFERED,
        /** Ended a whole frame: {@link #frame()} has it. */
        FRAME_COMPLETE,
        /** Belongs to, or ends, a frame that lost a packet; that frame is dropped. */
        FRAME_INCOMPLETE,
        /** Ended a whole inter frame that cannot be decoded until a key frame comes; dropped. */
        AWAITING_KEY_FRAME,
        /** Sequence number at or just before the last one seen: a duplicate or reordered packet. */
        LATE,
        /** The payload descriptor could not be read (RFC 7741 §4.2). */
        MALFORMED
    }

    /** Counts since creation. */
    public record Counters(long packetsReceived, long packetsMalformed, long packetsLate, long packetsLost,
                           long framesCompleted, long keyFramesCompleted, long framesDropped,
                           long framesAwaitingKeyFrame) {
    }

    private final Vp8PayloadDescriptor descriptor = new Vp8PayloadDescriptor();
    private byte[] assembly = new byte[64 * 1024];
    private int assembled;
    private boolean assembling;
    private long assemblyTimestamp;
    private boolean assemblyBroken;
    private boolean assemblyKeyFrame;
    private boolean haveSequence;
    private int lastSequence;
    private boolean awaitingKeyFrame = true;
    private Vp8Frame frame;
    private long frameTimestamp;

    private long packetsReceived;
    private long packetsMalformed;
    private long packetsLate;
    private long packetsLost;
    private long framesCompleted;
    private long keyFramesCompleted;
    private long framesDropped;
    private long framesAwaitingKeyFrame;

    public Outcome push(int sequenceNumber, long timestamp, boolean marker, byte[] payload) {
        return push(sequenceNumber, timestamp, marker, payload, 0, payload == null ? 0 : payload.length);
    }

    /**
     * Takes one RTP payload (the bytes after the RTP header and any padding).
     *
     * @param sequenceNumber the RTP sequence number, 16 bits
     * @param timestamp the RTP timestamp, shared by all packets of a frame
     * @param marker the RTP marker bit, set on a frame's last packet
     */
    public Outcome push(int sequenceNumber, long timestamp, boolean marker, byte[] payload, int offset, int length) {
        packetsReceived++;
        if (descriptor.parse(payload, offset, length) != Vp8PayloadDescriptor.Status.OK) {
            // Not advancing the sequence makes the next packet see this one as lost.
            packetsMalformed++;
            return Outcome.MALFORMED;
        }
        int sequence = sequenceNumber & 0xFFFF;
        // Callers holding the 32-bit timestamp in an int may pass it sign-extended.
        timestamp &= 0xFFFFFFFFL;
        if (haveSequence) {
            int delta = (short) (sequence - lastSequence);
            if (delta <= 0 && delta > -MAX_MISORDER) {
                packetsLate++;
                return Outcome.LATE;
            }
            if (delta <= 0) {
                onLoss(timestamp);
            } else if (delta > 1) {
                packetsLost += delta - 1;
                onLoss(timestamp);
            }
        }
        haveSequence = true;
        lastSequence = sequence;

        if (assembling && timestamp != assemblyTimestamp) {
            // The open frame's marked last packet never came.
            dropAssembly();
        }
        if (!assembling) {
            startAssembly(timestamp);
        }
        append(payload, descriptor.vp8PayloadOffset(), offset + length - descriptor.vp8PayloadOffset());
        if (!marker) {
            return assemblyBroken ? Outcome.FRAME_INCOMPLETE : Outcome.BUFFERED;
        }
        return finishAssembly();
    }

    /** A gap: whatever frame the lost packets belonged to cannot be decoded, nor what refers to it. */
    private void onLoss(long timestamp) {
        awaitingKeyFrame = true;
        if (assembling && timestamp == assemblyTimestamp) {
            assemblyBroken = true;
        }
    }

    private void startAssembly(long timestamp) {
        assembling = true;
        assemblyTimestamp = timestamp;
        assembled = 0;
        // A frame whose first packet is not the start of partition 0 lost its head.
        assemblyBroken = !descriptor.startOfFrame();
        assemblyKeyFrame = descriptor.startOfFrame() && descriptor.isKeyFrameStart();
    }

    private void append(byte[] payload, int from, int count) {
        if (assemblyBroken) {
            return;
        }
        if (assembled + count > MAX_FRAME_BYTES) {
            assemblyBroken = true;
            return;
        }
        if (assembled + count > assembly.length) {
            assembly = Arrays.copyOf(assembly, Math.min(MAX_FRAME_BYTES, Math.max(assembly.length * 2, assembled + count)));
        }
        System.arraycopy(payload, from, assembly, assembled, count);
        assembled += count;
    }

    private Outcome finishAssembly() {
        assembling = false;
        if (assemblyBroken) {
            framesDropped++;
            awaitingKeyFrame = true;
            return Outcome.FRAME_INCOMPLETE;
        }
        if (!assemblyKeyFrame && awaitingKeyFrame) {
            framesAwaitingKeyFrame++;
            return Outcome.AWAITING_KEY_FRAME;
        }
        awaitingKeyFrame = false;
        framesCompleted++;
        if (assemblyKeyFrame) {
            keyFramesCompleted++;
        }
        frame = new Vp8Frame(Arrays.copyOf(assembly, assembled), assemblyKeyFrame);
        frameTimestamp = assemblyTimestamp;
        return Outcome.FRAME_COMPLETE;
    }

    private void dropAssembly() {
        assembling = false;
        framesDropped++;
        awaitingKeyFrame = true;
    }

    /** The frame the last {@link Outcome#FRAME_COMPLETE} finished, or null before the first. */
    public Vp8Frame frame() {
        return frame;
    }

    /** RTP timestamp of {@link #frame()}. */
    public long frameTimestamp() {
        return frameTimestamp;
    }

    /** True from the start and after any loss until a key frame completes: time for a PLI. */
    public boolean awaitingKeyFrame() {
        return awaitingKeyFrame;
    }

    public Counters counters() {
        return new Counters(packetsReceived, packetsMalformed, packetsLate, packetsLost, framesCompleted,
                keyFramesCompleted, framesDropped, framesAwaitingKeyFrame);
    }
}
