package io.confab.core.sfu;

import io.confab.media.vp8.Vp8PayloadDescriptor;

/**
 * Finds the start of a VP8 key frame (RFC 7741 §4.3) and the frame height it declares: layer
 * switches wait for one, and the allocator learns each layer's real height from it. Audio and
 * other codecs pass untouched.
 */
final class KeyframeReader extends CountedStage<ReceivedPacket> {

    private final Vp8PayloadDescriptor vp8;

    KeyframeReader(Vp8PayloadDescriptor scratch) {
        super("keyframe_reader");
        this.vp8 = scratch;
    }

    @Override
    public boolean process(ReceivedPacket packet) {
        if (!packet.publication().vp8) {
            return true;
        }
        if (vp8.parse(packet.buffer, packet.rtp.payloadOffset(), packet.rtp.payloadLength()) == Vp8PayloadDescriptor.Status.OK
                && vp8.isKeyFrameStart()) {
            Publication.Layer layer = packet.layer;
            packet.keyframe = true;
            layer.lastKeyframeNanos = packet.now;
            if (vp8.keyFrameHeight() > 0) {
                layer.height = vp8.keyFrameHeight();
            }
        }
        return true;
    }
}
