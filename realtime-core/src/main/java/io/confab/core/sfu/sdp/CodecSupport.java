package io.confab.core.sfu.sdp;

/**
 * Which codecs the SFU accepts from publishers. Opus (48000/2) and VP8 (90000) are always
 * accepted, with VP8's RTX when offered. H264 is accepted only when switched on, because every
 * subscriber of that track must then decode H264 too; only constrained-baseline/baseline with
 * packetization-mode=1 is taken, the profile all browsers decode (RFC 6184 §8.1).
 */
public record CodecSupport(boolean h264) {
    public static final CodecSupport OPUS_VP8 = new CodecSupport(false);
    public static final CodecSupport OPUS_VP8_H264 = new CodecSupport(true);
}
