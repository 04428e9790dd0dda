package io.confab.core.sfu;

import io.confab.core.sfu.rtp.RtpPacket;

/**
 * A decrypted RTP packet from a publisher as the receive path learns about it, stage by stage: the
 * parsed header, the layer it belongs to, whether it was a retransmission, a key frame, its audio
 * level. One instance, reused for every packet on the media thread.
 */
final class ReceivedPacket {

    static final int NO_AUDIO_LEVEL = -1;

    final RtpPacket rtp;
    Participant sender;
    byte[] buffer;
    int length;
    long now;
    /** Set by the layer lookup. */
    Publication.Layer layer;
    /** An RTX packet (RFC 4588), until the RTX unwrap turns it into the original. */
    boolean retransmission;
    boolean keyframe;
    int audioLevel;
    boolean voiceActivity;

    ReceivedPacket(RtpPacket rtp) {
        this.rtp = rtp;
    }

    ReceivedPacket reset(Participant sender, byte[] buffer, int length, long now) {
        this.sender = sender;
        this.buffer = buffer;
        this.length = length;
        this.now = now;
        this.layer = null;
        this.retransmission = false;
        this.keyframe = false;
        this.audioLevel = NO_AUDIO_LEVEL;
        this.voiceActivity = false;
        return this;
    }

    Publication publication() {
        return layer.publication;
    }
}
