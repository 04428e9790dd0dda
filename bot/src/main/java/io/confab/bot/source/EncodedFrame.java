package io.confab.bot.source;

/** One encoded media frame ready to packetize: Opus (one RTP payload) or VP8 (split by the packetizer). */
public record EncodedFrame(byte[] data, boolean keyFrame, int audioLevel) {
}
